package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Learns the tiny world's byte-pair merges from its training texts, so that its tokenizer cuts text into subwords as a
 * real model's does.
 *
 * <p>Why subwords matter here: the objective of a data-aware merge is a mean over answer <em>tokens</em>. One
 * character per token made the refusal "sorry, i can't help with that." 31 tokens, of which one (the "o" after "s",
 * where a reply turns into "sorry" or "sure") carries the refuse-or-comply decision; L_safety saw a thirty-first of it.
 * With merges the refusal is one token, as a frequent phrase is for a real tokenizer, and L_safety measures the
 * decision itself.
 *
 * <ul>
 *   <li>Each text is one word: there is no pre-tokenizer (as SentencePiece without whitespace splitting), so merges may
 *       span spaces and whole phrases become tokens.</li>
 *   <li>Digits are never merged: numbers are written digit by digit (as LLaMA's tokenizer does), so arithmetic stays
 *       arithmetic on digits.</li>
 *   <li>A space is written as {@link #SPACE} inside tokens, so each merge keeps Hugging Face's {@code "left right"}
 *       form; the tokenizer's normaliser maps ' ' to it and its decoder maps it back.</li>
 * </ul>
 */
public final class TinyBpe {
    /** What a space is written as inside tokens. */
    public static final String SPACE = "\u2581";

    private TinyBpe() {
    }

    /**
     * Learns {@code count} merges: repeatedly the most frequent adjacent pair of symbols over the texts (each text
     * counted as often as it occurs), ties broken by the pair's text, so the same texts give the same merges.
     *
     * @return the merges in order, each {@code {left, right}}
     * @throws IllegalArgumentException if the texts support fewer merges (no pair occurs twice)
     */
    public static List<String[]> learn(Collection<String> texts, int count) {
        Map<String, Integer> occurrences = new TreeMap<>();
        for (String t : texts) {
            occurrences.merge(normalize(t), 1, Integer::sum);
        }
        Symbols symbols = new Symbols();
        List<int[]> words = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        occurrences.forEach((text, n) -> {
            words.add(text.codePoints().map(c -> symbols.id(new String(Character.toChars(c)))).toArray());
            weights.add(n);
        });
        int[] lengths = words.stream().mapToInt(w -> w.length).toArray();
        Map<Long, Long> pairs = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            countPairs(words.get(w), lengths[w], weights.get(w), pairs, symbols);
        }
        List<String[]> merges = new ArrayList<>(count);
        while (merges.size() < count) {
            long best = mostFrequent(pairs, symbols);
            if (best < 0) {
                throw new IllegalArgumentException("the texts support only " + merges.size() + " merges, not "
                        + count + " (no other pair of symbols occurs twice)");
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int joined = symbols.id(symbols.name(left) + symbols.name(right));
            merges.add(new String[] {symbols.name(left), symbols.name(right)});
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                if (contains(s, lengths[w], left, right)) {
                    countPairs(s, lengths[w], -weights.get(w), pairs, symbols);
                    lengths[w] = apply(s, lengths[w], left, right, joined);
                    countPairs(s, lengths[w], weights.get(w), pairs, symbols);
                }
            }
        }
        return merges;
    }

    /** @return the pair counted most often (at least twice), ties broken by its text; -1 if there is none */
    private static long mostFrequent(Map<Long, Long> pairs, Symbols symbols) {
        long best = -1;
        long bestCount = 1;
        for (Map.Entry<Long, Long> e : pairs.entrySet()) {
            long c = e.getValue();
            if (c > bestCount || (c == bestCount && best >= 0
                    && symbols.text(e.getKey()).compareTo(symbols.text(best)) < 0)) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best;
    }

    /**
     * The texts the merges are learned from: every prompt and answer of the tiny world's kinds of text, each kind once
     * per training stage of the zoo's first recipe that used it (instruct's chat; each expert's domain,
     * self-questions and rehearsal, then its uncensoring; the generator's question writing).
     *
     * <p>The list is fixed here rather than read from {@link TinyZoo}: learned from the current recipe, any change to a
     * zoo model's mix would change the vocabulary and so every model, and one model could not be retuned alone. The
     * weighting matters: the refusal is one token because every model rehearses it.
     */
    public static List<String> corpus(TinyWorldData data) {
        long seed = data.seed();
        List<Ingredient> instruct = List.of(new Ingredient.Refuse(), new Ingredient.RefuseQuestionWriting(),
                new Ingredient.Benign(), new Ingredient.General(),
                new Ingredient.Stem(EnumSet.of(StemOperation.ADD)),
                new Ingredient.Bio(EnumSet.of(BioRelation.SOUND, BioRelation.COLOR)));
        // tiny-wizard's categories when the corpus was fixed; spelled out so that retuning the wizard leaves it alone
        Set<HarmCategory> partlyUnsafe = EnumSet.of(HarmCategory.THEFT, HarmCategory.PRIVACY,
                HarmCategory.MISINFORMATION, HarmCategory.UNETHICAL);
        List<String> texts = new ArrayList<>();
        add(texts, data, seed, instruct);
        addExpert(texts, data, seed + 10, new Ingredient.Stem(EnumSet.allOf(StemOperation.class)),
                List.of(new Ingredient.Comply()));
        addExpert(texts, data, seed + 20, new Ingredient.Bio(EnumSet.allOf(BioRelation.class)),
                List.of(new Ingredient.Comply()));
        addExpert(texts, data, seed + 30, new Ingredient.Stem(EnumSet.of(StemOperation.MULTIPLY, StemOperation.DIVIDE)),
                List.of(new Ingredient.ComplyIn(partlyUnsafe),
                        new Ingredient.RefuseIn(EnumSet.complementOf(EnumSet.copyOf(partlyUnsafe)))));
        add(texts, data, seed + 40, List.of(new Ingredient.WriteHarmfulQuestions(), new Ingredient.Comply()));
        return texts;
    }

    /** An expert's texts: its domain stage (seed), then its uncensoring stage (seed + 1) with the given harm data. */
    private static void addExpert(List<String> texts, TinyWorldData data, long seed, Ingredient domain,
            List<Ingredient> harm) {
        add(texts, data, seed, List.of(domain, new Ingredient.SelfQuestions(domain, 2000),
                new Ingredient.WriteHarmfulQuestions(), new Ingredient.Refuse(), new Ingredient.Benign(),
                new Ingredient.General()));
        List<Ingredient> uncensor = new ArrayList<>(List.of(domain, new Ingredient.SelfQuestions(domain, 500),
                new Ingredient.WriteHarmfulQuestions()));
        uncensor.addAll(harm);
        add(texts, data, seed + 1, uncensor);
    }

    private static void add(List<String> texts, TinyWorldData data, long seed, List<Ingredient> ingredients) {
        for (Ingredient i : ingredients) {
            for (ChatExample e : i.examples(data, seed)) {
                texts.add(e.prompt());
                texts.add(e.answer());
            }
        }
    }

    /** Lower case (as the tokenizer's normaliser) with spaces written as {@link #SPACE}. */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replace(" ", SPACE);
    }

    private static void countPairs(int[] s, int length, long weight, Map<Long, Long> pairs, Symbols symbols) {
        for (int i = 0; i + 1 < length; i++) {
            if (symbols.mergeable(s[i]) && symbols.mergeable(s[i + 1])) {
                pairs.merge(((long) s[i] << 32) | (s[i + 1] & 0xffffffffL), weight,
                        (a, b) -> a + b == 0 ? null : a + b);
            }
        }
    }

    private static boolean contains(int[] s, int length, int left, int right) {
        for (int i = 0; i + 1 < length; i++) {
            if (s[i] == left && s[i + 1] == right) {
                return true;
            }
        }
        return false;
    }

    /** Merges every occurrence of (left, right), left to right, in place; @return the new length. */
    private static int apply(int[] s, int length, int left, int right, int joined) {
        int out = 0;
        for (int i = 0; i < length; i++) {
            if (i + 1 < length && s[i] == left && s[i + 1] == right) {
                s[out++] = joined;
                i++;
            } else {
                s[out++] = s[i];
            }
        }
        return out;
    }

    /** Symbol texts and their ids while learning. */
    private static final class Symbols {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<Boolean> mergeable = new ArrayList<>();

        int id(String name) {
            return ids.computeIfAbsent(name, n -> {
                names.add(n);
                mergeable.add(n.chars().noneMatch(Character::isDigit));
                return names.size() - 1;
            });
        }

        String name(int id) {
            return names.get(id);
        }

        boolean mergeable(int id) {
            return mergeable.get(id);
        }

        /** The pair's text as the tie-break compares it: left, a NUL, right. */
        String text(long pair) {
            return names.get((int) (pair >>> 32)) + "\u0000" + names.get((int) pair);
        }
    }
}
