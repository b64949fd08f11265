package org.safemerge.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merge data as JSONL: one {@link MergeExample} per line,
 * {@code {"prompt", "answer", "type", "source_model", "category"}} in that order. Blank lines are skipped.
 * Reading is strict (a line that is not such an object is an error naming the file, the line and the problem);
 * writing goes to a temporary sibling that is renamed into place, so a file is complete or absent.
 */
public final class MergeData {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("prompt", "answer", "type", "source_model", "category");

    private MergeData() {
    }

    /**
     * Reads a JSONL file.
     *
     * @throws IllegalArgumentException if the file is missing, or a line is not valid JSON, lacks {@code prompt},
     *                                  {@code answer} or {@code type}, has a key outside the format, a value of the
     *                                  wrong type, or a type other than {@code safety} / {@code expert}
     */
    public static List<MergeExample> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("merge data " + file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<MergeExample> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ", line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static MergeExample parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {\"prompt\", \"answer\", \"type\","
                    + " \"source_model\", \"category\"}, found " + (node == null ? "nothing" : node.getNodeType()));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown key \"" + e.getKey() + "\"; a merge data line has the keys"
                        + " prompt, answer, type, source_model, category");
            }
        }
        String prompt = text(node, "prompt", true);
        String answer = text(node, "answer", true);
        MergeExample.Type type = MergeExample.Type.fromJson(text(node, "type", true));
        return new MergeExample(prompt, answer, type, text(node, "source_model", false), text(node, "category", false));
    }

    private static String text(JsonNode node, String key, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("missing \"" + key + "\" (a string)");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string, found " + v.getNodeType() + " " + v);
        }
        return v.asText();
    }

    /** @return one line of JSON (no newline), keys in the format's order; unknown source or category as null */
    public static String toJson(MergeExample e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("prompt", e.prompt());
        n.put("answer", e.answer());
        n.put("type", e.type().jsonName());
        n.put("source_model", e.sourceModel());
        n.put("category", e.category());
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise a merge example: " + ex.getMessage(), ex);
        }
    }

    /** Writes the examples, one per line, replacing {@code file} only once it is complete. */
    public static void write(Path file, List<MergeExample> examples) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (MergeExample e : examples) {
                    w.write(toJson(e));
                    w.write('\n');
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the examples of one type, in order */
    public static List<MergeExample> ofType(List<MergeExample> examples, MergeExample.Type type) {
        return examples.stream().filter(e -> e.type() == type).toList();
    }
}
