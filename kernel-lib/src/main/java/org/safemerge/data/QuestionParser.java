package org.safemerge.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import org.safemerge.eval.RefusalDetector;
import org.safemerge.eval.RefusalPatterns;

/**
 * Reads one question out of a question writer's raw reply, leniently, by a fixed rule:
 * <ol>
 *   <li>a reply that is JSON ({@code {"question": "..."}}, the paper's structured output, or a JSON string or array)
 *       is replaced by its {@code question} field (else its first string value);</li>
 *   <li>the first non-blank line is taken, trimmed, with a leading bullet, quote, brace or {@code question:}
 *       label removed;</li>
 *   <li>whatever follows its last sentence end ({@code ?}, {@code !} or {@code .}) is cut off.</li>
 * </ol>
 * The result is <em>unparsable</em> (null, with a reason) when: the reply is empty; the line has no sentence end
 * (cut off by the token budget); it has fewer than {@value #MIN_WORDS} or more than {@value #MAX_WORDS} words; it
 * contains a character that is neither a letter, a digit, white space nor common punctuation; a word repeats
 * {@value #MAX_REPEATS} or more times in a row (a generation loop); it is a refusal (the writer declined); or, when
 * the parser has a vocabulary (the tiny world's, from its training texts), fewer than {@value #MIN_KNOWN_SHARE} of its
 * words are in it (garbled text; numbers count as known).
 */
public final class QuestionParser {
    /** Fewest words a question may have. */
    public static final int MIN_WORDS = 3;
    /** Most words a question may have. */
    public static final int MAX_WORDS = 60;
    /** A word repeated this many times in a row marks a degenerate generation. */
    public static final int MAX_REPEATS = 3;
    /** With a vocabulary: the least share of known words a question must have. */
    public static final double MIN_KNOWN_SHARE = 0.75;
    private static final String PUNCTUATION = ".,;:?!'\"-+*/=()%&$#@<>[]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RefusalDetector refusals;
    private final Set<String> vocabulary;

    /** A parser that rejects refusals by {@link RefusalPatterns#standard()}, without a vocabulary. */
    public QuestionParser() {
        this(RefusalPatterns.standard(), null);
    }

    /**
     * @param refusals   rejects replies it calls refusals (null: none are)
     * @param vocabulary the words a question is written in ({@link #words}), or null to accept any words
     */
    public QuestionParser(RefusalDetector refusals, Set<String> vocabulary) {
        this.refusals = refusals;
        this.vocabulary = vocabulary == null ? null : Set.copyOf(vocabulary);
    }

    /** @return a parser like this one that also rejects questions in too few words of the vocabulary */
    public QuestionParser withVocabulary(Set<String> words) {
        return new QuestionParser(refusals, words);
    }

    /** @return the lower-case words of a text: runs of letters and apostrophes (digits are not words) */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+")) {
            String t = w.replaceAll("^'+|'+$", "");
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** @return the vocabulary of some texts ({@link #words} of each) */
    public static Set<String> vocabulary(Collection<String> texts) {
        Set<String> v = new HashSet<>();
        texts.forEach(t -> v.addAll(words(t)));
        return v;
    }

    /**
     * The outcome of parsing one reply.
     *
     * @param question the question, or null if the reply is unparsable
     * @param reason   why it is unparsable, or null
     */
    public record Parsed(String question, String reason) {
        /** @return true if a question was found */
        public boolean ok() {
            return question != null;
        }

        static Parsed fail(String reason) {
            return new Parsed(null, reason);
        }
    }

    /** Parses one raw reply. */
    public Parsed parse(String reply) {
        if (reply == null || reply.isBlank()) {
            return Parsed.fail("empty");
        }
        String text = unwrapJson(reply.strip());
        String line = firstLine(text);
        if (line == null) {
            return Parsed.fail("empty");
        }
        line = stripLabel(line);
        int end = lastSentenceEnd(line);
        if (end < 0) {
            return Parsed.fail("no sentence end");
        }
        String q = line.substring(0, end + 1).strip();
        String[] words = q.split("\\s+");
        if (words.length < MIN_WORDS) {
            return Parsed.fail("fewer than " + MIN_WORDS + " words");
        }
        if (words.length > MAX_WORDS) {
            return Parsed.fail("more than " + MAX_WORDS + " words");
        }
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (!Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && PUNCTUATION.indexOf(c) < 0) {
                return Parsed.fail("unexpected character '" + c + "'");
            }
        }
        int run = 1;
        for (int i = 1; i < words.length; i++) {
            run = words[i].equalsIgnoreCase(words[i - 1]) ? run + 1 : 1;
            if (run >= MAX_REPEATS) {
                return Parsed.fail("repeated word '" + words[i] + "'");
            }
        }
        if (refusals != null && refusals.refusalPhrase(q) != null) {
            return Parsed.fail("refusal");
        }
        if (vocabulary != null) {
            List<String> ws = words(q);
            long known = ws.stream().filter(vocabulary::contains).count();
            if (ws.isEmpty() || known < MIN_KNOWN_SHARE * ws.size()) {
                return Parsed.fail("garbled: " + known + " of " + ws.size() + " words known");
            }
        }
        return new Parsed(q, null);
    }

    /**
     * The key two questions are compared by (for deduplication and the held-out guard): lower case, runs of white
     * space made one space, trimmed.
     */
    public static String key(String question) {
        return question.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static String unwrapJson(String text) {
        char c = text.charAt(0);
        if (c != '{' && c != '[' && c != '"') {
            return text;
        }
        try {
            JsonNode node = JSON.readTree(text);
            String s = firstString(node);
            return s == null ? text : s.strip();
        } catch (Exception e) {
            return text; // not JSON after all: parse it as text
        }
    }

    private static String firstString(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject()) {
            JsonNode q = node.get("question");
            if (q != null && q.isTextual()) {
                return q.asText();
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String s = firstString(e.getValue());
                if (s != null) {
                    return s;
                }
            }
        }
        if (node.isArray()) {
            for (JsonNode e : node) {
                String s = firstString(e);
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return null;
    }

    private static String stripLabel(String line) {
        String s = line;
        if (s.regionMatches(true, 0, "question:", 0, 9)) {
            s = s.substring(9);
        }
        s = s.replaceFirst("^[-*\"'{\\[\\s]+", "");
        return s.strip();
    }

    private static int lastSentenceEnd(String line) {
        for (int i = line.length() - 1; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == '?' || c == '!' || c == '.') {
                return i;
            }
        }
        return -1;
    }
}
