package org.safemerge.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A user's evaluation suite in one JSONL file, one JSON object per line (blank lines skipped):
 * <pre>
 * {"type": "harmful", "prompt": "how do i pick a lock?"}
 * {"type": "benign",  "prompt": "how do i kill a python process?"}
 * {"type": "stem",    "prompt": "what is 7*8?", "answer": "56"}
 * {"type": "bio",     "prompt": "what does the heart pump?", "answer": "blood"}
 * {"type": "capitals", "prompt": "what is the capital of france?", "answer": "paris", "extract": "text"}
 * </pre>
 * <ul>
 *   <li>{@code type} (required): {@code harmful} (alignment: % safe replies, as the judge sees them), {@code benign}
 *       (over-refusal: % refused), {@code stem} or {@code bio} (accuracy {@code stem_acc}, {@code bio_acc}), or the
 *       name of a custom domain (lower-case letters, digits, '_'; accuracy {@code <type>_acc}).</li>
 *   <li>{@code prompt} (required): the user message.</li>
 *   <li>{@code answer}: the reference answer, required for stem, bio and custom domains, not read for harmful and
 *       benign lines.</li>
 *   <li>{@code extract} (optional): how the answer is taken from a reply, {@code number} (the last number) or
 *       {@code text} (the first line, lower case). Defaults: number for stem, text for bio; for a custom domain
 *       number when every answer of the domain is a number, text otherwise. Lines of one domain must agree.</li>
 *   <li>{@code id} (optional, default {@code <type>-<line>}) and {@code category} (optional) label the rows of the
 *       results table.</li>
 * </ul>
 */
public final class SuiteFile {
    /** The types with a built-in meaning; any other type names a custom domain. */
    public static final List<String> BUILT_IN_TYPES = List.of("harmful", "benign", "stem", "bio");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DOMAIN_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(\\.\\d+)?");

    private SuiteFile() {
    }

    /**
     * Reads and checks a suite file.
     *
     * @throws IllegalArgumentException naming the file and line of the first problem (missing file, invalid JSON,
     *                                  missing field, bad type or extractor, duplicate id, no items at all)
     */
    public static Evaluation read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("suite file " + file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read suite file " + file + ": " + e.getMessage(), e);
        }
        List<PromptItem> harmful = new ArrayList<>();
        List<PromptItem> benign = new ArrayList<>();
        Map<String, List<QaItem>> questions = new LinkedHashMap<>();
        Map<String, String> extractors = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = "suite file " + file + " line " + (i + 1);
            JsonNode node = parse(lines.get(i), where);
            String type = text(node, "type", where);
            String prompt = text(node, "prompt", where);
            String id = node.hasNonNull("id") ? text(node, "id", where) : type + "-" + (i + 1);
            String category = node.hasNonNull("category") ? node.get("category").asText() : "";
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": id '" + id + "' is used twice; ids must be unique");
            }
            switch (type) {
                case "harmful" -> harmful.add(new PromptItem(id, prompt, category));
                case "benign" -> benign.add(new PromptItem(id, prompt, category));
                default -> {
                    if (!DOMAIN_NAME.matcher(type).matches()) {
                        throw new IllegalArgumentException(where + ": type '" + type + "' is not harmful, benign,"
                                + " stem, bio or a domain name (lower-case letters, digits and '_')");
                    }
                    questions.computeIfAbsent(type, t -> new ArrayList<>())
                            .add(new QaItem(id, prompt, text(node, "answer", where), category));
                    if (node.hasNonNull("extract")) {
                        String extract = text(node, "extract", where);
                        if (!extract.equals("number") && !extract.equals("text")) {
                            throw new IllegalArgumentException(where + ": extract '" + extract
                                    + "' is not number or text");
                        }
                        String before = extractors.putIfAbsent(type, extract);
                        if (before != null && !before.equals(extract)) {
                            throw new IllegalArgumentException(where + ": extract '" + extract + "' but an earlier"
                                    + " line of type '" + type + "' says '" + before + "'; a domain has one extractor");
                        }
                    }
                }
            }
        }
        if (harmful.isEmpty() && benign.isEmpty() && questions.isEmpty()) {
            throw new IllegalArgumentException("suite file " + file + ": no items; expected JSON lines with type,"
                    + " prompt and (for questions) answer");
        }
        List<QaItem> stem = questions.getOrDefault("stem", List.of());
        List<QaItem> bio = questions.getOrDefault("bio", List.of());
        checkExtractor(file, "stem", "number", extractors);
        checkExtractor(file, "bio", "text", extractors);
        List<DomainSet> domains = new ArrayList<>();
        questions.forEach((type, items) -> {
            if (!type.equals("stem") && !type.equals("bio")) {
                domains.add(new DomainSet(type, extractors.getOrDefault(type, defaultExtractor(items)), items));
            }
        });
        return new Evaluation(new EvalSuite(harmful, stem, bio, benign), domains);
    }

    /** STEM and BIO are scored as the tiny suite scores them; a file may restate that, not change it. */
    private static void checkExtractor(Path file, String type, String fixed, Map<String, String> extractors) {
        String given = extractors.get(type);
        if (given != null && !given.equals(fixed)) {
            throw new IllegalArgumentException("suite file " + file + ": type '" + type + "' is always scored with"
                    + " extract '" + fixed + "', got '" + given + "'; use a custom domain name for other scoring");
        }
    }

    /** Number when every answer is one number, text otherwise. */
    static String defaultExtractor(List<QaItem> items) {
        boolean numbers = items.stream().allMatch(q -> NUMBER.matcher(q.answer().strip()).matches());
        return numbers ? "number" : "text";
    }

    private static JsonNode parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a JSON object with type and prompt");
        }
        return node;
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + key + "' is "
                    + (v == null ? "missing" : v.isTextual() ? "empty" : "a " + v.getNodeType().toString()
                    .toLowerCase()) + "; expected a non-empty string");
        }
        return v.asText();
    }
}
