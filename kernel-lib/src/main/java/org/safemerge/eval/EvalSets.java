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
import java.util.List;

/**
 * Reads evaluation sets from JSONL files, one JSON object per line: {@code {"id", "prompt", "category"}} for prompt
 * sets and {@code {"id", "prompt", "answer", "category"}} for question sets ({@code category} optional). Blank lines
 * are skipped.
 */
public final class EvalSets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalSets() {
    }

    /**
     * Reads a prompt set.
     *
     * @throws IllegalArgumentException naming the file and line if a line is not a JSON object with id and prompt
     */
    public static List<PromptItem> readPrompts(Path file) {
        List<PromptItem> items = new ArrayList<>();
        forEachLine(file, (node, where) -> items.add(
                new PromptItem(text(node, "id", where), text(node, "prompt", where), optional(node, "category"))));
        return items;
    }

    /**
     * Reads a question set.
     *
     * @throws IllegalArgumentException naming the file and line if a line lacks id, prompt or answer
     */
    public static List<QaItem> readQuestions(Path file) {
        List<QaItem> items = new ArrayList<>();
        forEachLine(file, (node, where) -> items.add(new QaItem(text(node, "id", where), text(node, "prompt", where),
                text(node, "answer", where), optional(node, "category"))));
        return items;
    }

    private interface LineHandler {
        void accept(JsonNode node, String where);
    }

    private static void forEachLine(Path file, LineHandler handler) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such evaluation set file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(where + ": expected a JSON object");
            }
            handler.accept(node, where);
        }
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": field '" + key + "' is "
                    + (v == null ? "missing" : v.getNodeType().toString().toLowerCase()) + "; expected a string");
        }
        return v.asText();
    }

    private static String optional(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
