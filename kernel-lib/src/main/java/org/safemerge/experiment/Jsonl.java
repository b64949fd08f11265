package org.safemerge.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes JSON Lines files byte-for-byte reproducibly: one compact object per line, fields in insertion order, LF. */
final class Jsonl {
    static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static com.fasterxml.jackson.databind.node.ArrayNode array() {
        return JSON.createArrayNode();
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    static void write(Path file, List<ObjectNode> lines) {
        StringBuilder sb = new StringBuilder();
        try {
            for (ObjectNode line : lines) {
                sb.append(JSON.writeValueAsString(line)).append('\n');
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode question(DomainQuestion q) {
        ObjectNode o = object();
        o.put("id", q.id());
        o.put("prompt", q.prompt());
        o.put("answer", q.answer());
        o.put("category", q.category());
        o.put("fact", q.fact());
        return o;
    }

    static ObjectNode prompt(PromptExample p) {
        ObjectNode o = object();
        o.put("id", p.id());
        o.put("prompt", p.prompt());
        o.put("category", p.category());
        o.put("template", p.template());
        o.put("topic", p.topic());
        return o;
    }
}
