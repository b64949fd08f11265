package org.safemerge.merge;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safemerge.io.DType;

/** Reads and writes mergekit's YAML recipe format; see {@link Recipe}. */
final class RecipeYaml {
    private static final Set<String> TOP_KEYS = Set.of("merge_method", "base_model", "models", "slices", "modules",
            "parameters", "dtype", "out_dtype", "tokenizer_source", "tokenizer", "chat_template");
    private static final Set<String> MODEL_KEYS = Set.of("model", "parameters");
    private static final Set<String> SLICE_KEYS = Set.of("sources", "base_model", "parameters", "residual_weight");
    private static final Set<String> SOURCE_KEYS = Set.of("model", "layer_range", "parameters");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private RecipeYaml() {
    }

    static Recipe parse(String yaml, Path baseDir) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isMissingNode() && !n.isNull()) {
                    docs.add(n);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new IllegalArgumentException("not valid YAML" + (loc == null ? "" : " at line " + loc.getLineNr()
                    + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the recipe: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (docs.isEmpty()) {
            throw new IllegalArgumentException("the recipe is empty; expected a mapping with at least merge_method"
                    + " and models or slices");
        }
        if (docs.size() > 1) {
            throw new IllegalArgumentException("the recipe has " + docs.size() + " YAML documents (a mergekit-multi"
                    + " recipe); SafeMerge merges one stage at a time: put each stage in its own file");
        }
        JsonNode root = docs.get(0);
        if (!root.isObject()) {
            throw new IllegalArgumentException("the recipe must be a mapping (merge_method: ..., models: ...),"
                    + " found " + kind(root));
        }
        checkKeys(root, TOP_KEYS, "");
        if (root.has("modules")) {
            throw new IllegalArgumentException("modules: (per-module merges of multi-module architectures such as"
                    + " vision-language models) is not supported; use models: or slices:");
        }
        String method = text(root, "merge_method", "", true);
        String base = text(root, "base_model", "", false);
        List<Recipe.ModelEntry> models = new ArrayList<>();
        JsonNode m = root.get("models");
        if (m != null && !m.isNull()) {
            requireList(m, "models");
            for (int i = 0; i < m.size(); i++) {
                String path = "models[" + i + "]";
                JsonNode e = m.get(i);
                if (!e.isObject()) {
                    throw new IllegalArgumentException(path + ": expected a mapping with 'model' (and 'parameters'),"
                            + " found " + kind(e));
                }
                checkKeys(e, MODEL_KEYS, path + ".");
                models.add(new Recipe.ModelEntry(text(e, "model", path + ".", true),
                        params(e.get("parameters"), path + ".parameters")));
            }
        }
        List<Recipe.Slice> slices = new ArrayList<>();
        JsonNode s = root.get("slices");
        if (s != null && !s.isNull()) {
            requireList(s, "slices");
            for (int i = 0; i < s.size(); i++) {
                slices.add(slice(s.get(i), "slices[" + i + "]"));
            }
        }
        String tokenizer = text(root, "tokenizer_source", "", false);
        JsonNode tok = root.get("tokenizer");
        if (tok != null && !tok.isNull()) {
            if (tokenizer != null) {
                throw new IllegalArgumentException("tokenizer_source and tokenizer are both set; use one");
            }
            if (!tok.isObject()) {
                throw new IllegalArgumentException("tokenizer: expected a mapping with 'source', found " + kind(tok));
            }
            for (Iterator<String> it = tok.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (k.equals("tokens") || k.equals("pad_to_multiple_of")) {
                    throw new IllegalArgumentException("tokenizer." + k + " is not supported yet (it needs"
                            + " embedding surgery); remove it or merge models that share a tokenizer");
                }
                if (!k.equals("source")) {
                    throw new IllegalArgumentException("tokenizer." + k + ": unknown key; known: source");
                }
            }
            tokenizer = text(tok, "source", "tokenizer.", true);
        }
        return new Recipe(method, base, models, slices, params(root.get("parameters"), "parameters"),
                dtype(root, "dtype"), dtype(root, "out_dtype"), tokenizer, text(root, "chat_template", "", false),
                baseDir);
    }

    private static Recipe.Slice slice(JsonNode node, String path) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": expected a mapping with 'sources', found " + kind(node));
        }
        checkKeys(node, SLICE_KEYS, path + ".");
        JsonNode src = node.get("sources");
        if (src == null || src.isNull()) {
            throw new IllegalArgumentException(path + ".sources: missing; a slice lists its sources");
        }
        requireList(src, path + ".sources");
        JsonNode rw = node.get("residual_weight");
        if (rw != null && !rw.isNull() && !rw.isNumber()) {
            throw new IllegalArgumentException(path + ".residual_weight: expected a number, found " + kind(rw));
        }
        List<Recipe.Source> sources = new ArrayList<>();
        for (int i = 0; i < src.size(); i++) {
            String p = path + ".sources[" + i + "]";
            JsonNode e = src.get(i);
            if (!e.isObject()) {
                throw new IllegalArgumentException(p + ": expected a mapping with 'model' and 'layer_range', found "
                        + kind(e));
            }
            checkKeys(e, SOURCE_KEYS, p + ".");
            JsonNode lr = e.get("layer_range");
            if (lr == null || lr.isNull()) {
                throw new IllegalArgumentException(p + ".layer_range: missing; expected [start, end]");
            }
            if (!lr.isArray() || lr.size() != 2 || !lr.get(0).canConvertToInt() || !lr.get(1).canConvertToInt()
                    || !lr.get(0).isIntegralNumber() || !lr.get(1).isIntegralNumber()) {
                throw new IllegalArgumentException(p + ".layer_range: expected [start, end] (two integers), found "
                        + lr);
            }
            sources.add(new Recipe.Source(text(e, "model", p + ".", true),
                    new Recipe.LayerRange(lr.get(0).intValue(), lr.get(1).intValue()),
                    params(e.get("parameters"), p + ".parameters")));
        }
        return new Recipe.Slice(sources, text(node, "base_model", path + ".", false),
                params(node.get("parameters"), path + ".parameters"));
    }

    private static Map<String, ParamValue> params(JsonNode node, String path) {
        Map<String, ParamValue> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(path + ": expected a mapping of parameter names to values, found "
                    + kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Object plain = plain(e.getValue(), path + "." + e.getKey());
            try {
                out.put(e.getKey(), ParamValue.of(plain));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(path + "." + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return out;
    }

    /** @return a YAML node as Number, Boolean, String, List or Map */
    private static Object plain(JsonNode n, String path) {
        if (n.isNumber()) {
            return n.numberValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(plain(n.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (n.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
                    : plain(e.getValue(), path + "." + e.getKey())));
            return out;
        }
        throw new IllegalArgumentException(path + ": expected a number, boolean, string or list, found " + kind(n));
    }

    private static DType dtype(JsonNode root, String key) {
        String name = text(root, key, "", false);
        if (name == null) {
            return null;
        }
        try {
            return DType.fromTorchName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String key, String path, boolean required) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(path + key + ": missing");
            }
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new IllegalArgumentException(path + key + ": expected a string, found " + kind(v));
        }
        return v.asText();
    }

    private static void requireList(JsonNode n, String path) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(path + ": expected a list, found " + kind(n));
        }
    }

    private static void checkKeys(JsonNode node, Set<String> known, String path) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(path + k + ": unknown key; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String kind(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.isTextual() ? "'" + n.textValue() + "'" : n.toString();
    }

    // ---- writing ----

    static String write(Recipe r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("merge_method", r.mergeMethod());
        if (r.baseModel() != null) {
            root.put("base_model", r.baseModel());
        }
        if (!r.models().isEmpty()) {
            List<Object> models = new ArrayList<>();
            for (Recipe.ModelEntry m : r.models()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("model", m.model());
                if (!m.parameters().isEmpty()) {
                    e.put("parameters", plain(m.parameters()));
                }
                models.add(e);
            }
            root.put("models", models);
        }
        if (!r.slices().isEmpty()) {
            List<Object> slices = new ArrayList<>();
            for (Recipe.Slice s : r.slices()) {
                Map<String, Object> e = new LinkedHashMap<>();
                List<Object> sources = new ArrayList<>();
                for (Recipe.Source src : s.sources()) {
                    Map<String, Object> se = new LinkedHashMap<>();
                    se.put("model", src.model());
                    se.put("layer_range", List.of(src.layerRange().start(), src.layerRange().end()));
                    if (!src.parameters().isEmpty()) {
                        se.put("parameters", plain(src.parameters()));
                    }
                    sources.add(se);
                }
                e.put("sources", sources);
                if (s.baseModel() != null) {
                    e.put("base_model", s.baseModel());
                }
                if (!s.parameters().isEmpty()) {
                    e.put("parameters", plain(s.parameters()));
                }
                slices.add(e);
            }
            root.put("slices", slices);
        }
        if (!r.parameters().isEmpty()) {
            root.put("parameters", plain(r.parameters()));
        }
        if (r.dtype() != null) {
            root.put("dtype", r.dtype().torchName());
        }
        if (r.outDtype() != null) {
            root.put("out_dtype", r.outDtype().torchName());
        }
        if (r.tokenizerSource() != null) {
            root.put("tokenizer_source", r.tokenizerSource());
        }
        if (r.chatTemplate() != null) {
            root.put("chat_template", r.chatTemplate());
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the recipe as YAML: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> plain(Map<String, ParamValue> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.toPlain()));
        return out;
    }
}
