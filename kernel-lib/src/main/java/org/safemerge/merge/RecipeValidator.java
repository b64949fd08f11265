package org.safemerge.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.safemerge.io.DType;

/**
 * Checks a {@link Recipe} as far as it can be checked without opening a model: the method, every parameter's name,
 * level, type and range, the model counts and base model, layer ranges, dtypes, tokenizer and chat template.
 * The {@link MergePlanner} checks the rest (models exist, shapes agree, filtered parameters resolve) before any
 * tensor is read.
 */
final class RecipeValidator {
    private RecipeValidator() {
    }

    /** @throws IllegalArgumentException with the key path of the first problem found */
    static void validate(Recipe r) {
        if (r.mergeMethod() == null || r.mergeMethod().isBlank()) {
            throw new IllegalArgumentException("merge_method: missing; known: "
                    + String.join(", ", MergeMethods.ids()));
        }
        MergeMethod method;
        try {
            method = MergeMethods.get(r.mergeMethod());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("merge_method: " + e.getMessage(), e);
        }
        if (r.models().isEmpty() == r.slices().isEmpty()) {
            throw new IllegalArgumentException(r.models().isEmpty()
                    ? "the recipe lists no models: give exactly one of 'models' or 'slices'"
                    : "the recipe has both 'models' and 'slices': give exactly one of them");
        }
        checkDtype(r.dtype(), "dtype");
        checkDtype(r.outDtype(), "out_dtype");
        if (r.tokenizerSource() != null && r.tokenizerSource().equals("union")) {
            throw new IllegalArgumentException("tokenizer_source: 'union' is not supported yet (it needs embedding"
                    + " permutation across vocabularies); use 'base' or a model reference");
        }
        if (r.chatTemplate() != null) {
            ChatTemplates.check(r.chatTemplate());
        }
        checkRef(r.baseModel(), "base_model");
        checkParameters(method, r.parameters(), "parameters", true);
        if (!r.models().isEmpty()) {
            validateModels(r, method);
        } else {
            for (int i = 0; i < r.slices().size(); i++) {
                validateSlice(r, method, r.slices().get(i), "slices[" + i + "]");
            }
        }
    }

    private static void validateModels(Recipe r, MergeMethod method) {
        List<String> refs = new ArrayList<>();
        List<Map<String, ParamValue>> params = new ArrayList<>();
        for (int i = 0; i < r.models().size(); i++) {
            Recipe.ModelEntry m = r.models().get(i);
            String path = "models[" + i + "]";
            checkRef(m.model(), path + ".model");
            checkParameters(method, m.parameters(), path + ".parameters", false);
            refs.add(m.model());
            params.add(m.parameters());
        }
        checkInputs(method, r.baseModel(), refs, params, "models", "models", List.of(r.parameters()));
    }

    private static void validateSlice(Recipe r, MergeMethod method, Recipe.Slice s, String path) {
        if (s.sources().isEmpty()) {
            throw new IllegalArgumentException(path + ".sources: empty; a slice needs at least one source");
        }
        checkRef(s.baseModel(), path + ".base_model");
        checkParameters(method, s.parameters(), path + ".parameters", true);
        List<String> refs = new ArrayList<>();
        List<Map<String, ParamValue>> params = new ArrayList<>();
        int length = -1;
        for (int i = 0; i < s.sources().size(); i++) {
            Recipe.Source src = s.sources().get(i);
            String p = path + ".sources[" + i + "]";
            checkRef(src.model(), p + ".model");
            Recipe.LayerRange lr = src.layerRange();
            if (lr == null) {
                throw new IllegalArgumentException(p + ".layer_range: missing; expected [start, end]");
            }
            if (lr.start() < 0 || lr.end() < lr.start()) {
                throw new IllegalArgumentException(p + ".layer_range: " + lr + " is not a range of layers; expected"
                        + " [start, end] with 0 <= start <= end");
            }
            if (length >= 0 && lr.length() != length) {
                throw new IllegalArgumentException(p + ".layer_range: " + lr + " spans " + lr.length()
                        + " layers but " + path + ".sources[0] spans " + length + "; every source of a slice must"
                        + " span the same number of layers");
            }
            length = lr.length();
            checkParameters(method, src.parameters(), p + ".parameters", false);
            refs.add(src.model());
            params.add(src.parameters());
        }
        String base = s.baseModel() != null ? s.baseModel() : r.baseModel();
        if (base != null && (method.baseRole() == MergeMethod.BaseRole.REQUIRED
                || method.baseRole() == MergeMethod.BaseRole.OPTIONAL) && !refs.contains(base)) {
            throw new IllegalArgumentException(path + ": the base model " + base + " is not among the slice's"
                    + " sources; add it with a layer_range");
        }
        checkInputs(method, base, refs, params, path + ".sources", path, List.of(s.parameters(), r.parameters()));
    }

    /**
     * Checks the base model and the model count, and that each model gets every required per-model parameter and
     * the method every required global one at some level.
     */
    private static void checkInputs(MergeMethod method, String base, List<String> refs,
                                    List<Map<String, ParamValue>> own, String listPath, String where,
                                    List<Map<String, ParamValue>> levels) {
        MergeMethod.BaseRole role = method.baseRole();
        String id = method.id();
        if (role == MergeMethod.BaseRole.NONE && base != null) {
            throw new IllegalArgumentException("base_model: " + id + " takes no base model (it copies one model's"
                    + " tensors); remove base_model");
        }
        if (role == MergeMethod.BaseRole.REQUIRED && base == null) {
            throw new IllegalArgumentException("base_model: missing; " + id + " merges task vectors relative to a"
                    + " base model");
        }
        int count;
        boolean baseListed = base != null && refs.contains(base);
        if (role == MergeMethod.BaseRole.AVERAGED || role == MergeMethod.BaseRole.NONE) {
            count = refs.size() + (base != null && !baseListed ? 1 : 0);
        } else {
            count = (int) refs.stream().filter(x -> !Objects.equals(x, base)).count();
        }
        String counted = role == MergeMethod.BaseRole.REQUIRED || role == MergeMethod.BaseRole.OPTIONAL
                ? " besides the base model" : (base != null && !baseListed ? " (the base model included)" : "");
        if (count < method.minModels() || count > method.maxModels()) {
            String want = method.minModels() == method.maxModels() ? "exactly " + method.minModels()
                    : method.maxModels() == Integer.MAX_VALUE ? "at least " + method.minModels()
                    : method.minModels() + " to " + method.maxModels();
            throw new IllegalArgumentException(listPath + ": " + id + " merges " + want + " model"
                    + (method.minModels() == 1 && (method.maxModels() == 1 || count == 0) ? "" : "s") + counted
                    + ", found " + count);
        }
        for (ParameterSpec p : method.parameters()) {
            if (!p.required()) {
                continue;
            }
            boolean inLevels = levels.stream().anyMatch(l -> l.containsKey(p.name()));
            if (!p.isPerModel()) {
                if (!inLevels) {
                    throw new IllegalArgumentException(where + ": missing required parameter '" + p.name() + "' for "
                            + id + " (" + p.description() + "); set it under parameters");
                }
                continue;
            }
            boolean baseIsInput = role == MergeMethod.BaseRole.AVERAGED;
            for (int i = 0; i < refs.size(); i++) {
                boolean isBase = Objects.equals(refs.get(i), base);
                if (isBase && !baseIsInput) {
                    continue;
                }
                if (!own.get(i).containsKey(p.name()) && !inLevels) {
                    throw new IllegalArgumentException(listPath + "[" + i + "]: missing required parameter '"
                            + p.name() + "' for " + id + " (model " + refs.get(i) + ")");
                }
            }
            if (baseIsInput && base != null && !baseListed && !inLevels) {
                throw new IllegalArgumentException("base_model: " + id + " averages the base model " + base
                        + " like the others, so it needs a '" + p.name() + "': list it under " + listPath
                        + " with its parameters");
            }
        }
    }

    /** Checks names, levels, types and ranges of the parameters given at one level. */
    static void checkParameters(MergeMethod method, Map<String, ParamValue> params, String path, boolean globalOk) {
        for (Map.Entry<String, ParamValue> e : params.entrySet()) {
            String key = path + "." + e.getKey();
            ParameterSpec spec;
            try {
                spec = method.parameter(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
            }
            if (!spec.isPerModel() && !globalOk) {
                throw new IllegalArgumentException(key + ": '" + spec.name() + "' is a global parameter of "
                        + method.id() + "; set it under the top-level or slice parameters, not per model");
            }
            checkValue(spec, e.getValue(), key);
        }
    }

    private static void checkValue(ParameterSpec spec, ParamValue value, String path) {
        switch (value) {
            case ParamValue.Scalar s -> spec.check(s.value(), path);
            case ParamValue.Gradient g -> {
                if (spec.kind() != ParameterSpec.Kind.NUMBER) {
                    throw new IllegalArgumentException(path + ": a gradient (list of numbers) is not valid for '"
                            + spec.name() + "'; expected " + spec.expected());
                }
                for (int i = 0; i < g.values().size(); i++) {
                    spec.check(g.values().get(i), path + "[" + i + "]");
                }
            }
            case ParamValue.Choices c -> {
                for (int i = 0; i < c.values().size(); i++) {
                    spec.check(c.values().get(i), path + "[" + i + "]");
                }
            }
            case ParamValue.Filtered f -> {
                for (int i = 0; i < f.entries().size(); i++) {
                    checkValue(spec, f.entries().get(i).value(), path + "[" + i + "].value");
                }
            }
        }
    }

    private static void checkDtype(DType d, String key) {
        if (d != null && d != DType.BF16 && d != DType.F16 && d != DType.F32 && d != DType.F64) {
            throw new IllegalArgumentException(key + ": " + d.torchName() + " cannot hold merged weights; expected"
                    + " bfloat16, float16, float32 or float64");
        }
    }

    private static void checkRef(String ref, String path) {
        if (ref != null && ref.isBlank()) {
            throw new IllegalArgumentException(path + ": empty model reference");
        }
    }
}
