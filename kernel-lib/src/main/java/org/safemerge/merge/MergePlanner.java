package org.safemerge.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.safemerge.io.DType;
import org.safemerge.io.TensorSpec;

/**
 * Turns a validated recipe and its opened inputs into a {@link MergePlan}: every output tensor, its inputs and its
 * parameters resolved, checked against the models' headers. Reads no tensor data.
 *
 * <p>mergekit's normalisation: {@code models:} becomes one slice over all layers (the base appended as an input for
 * methods that average it); layers are renumbered consecutively across slices, each layer evaluated at
 * {@code t = i / (n - 1)} within its slice ({@code t = 1} for a one-layer slice); tensors before the layers come
 * from the first slice at {@code t = 0}, those after (final norm, LM head) from the last at {@code t = 1}, so a
 * gradient's ends reach the embeddings and the head. Parameter precedence: the source's
 * own ({@code models[].parameters}), then the slice's, then the top level; per-model filters match the input
 * tensor name, global ones the output name.
 */
final class MergePlanner {
    private final Recipe recipe;
    private final MergeMethod method;
    private final MergeInputs inputs;
    private final Map<String, ModelLayout> layouts = new HashMap<>();

    private MergePlanner(Recipe recipe, MergeInputs inputs) {
        this.recipe = recipe;
        this.method = recipe.method();
        this.inputs = inputs;
    }

    /** A slice after normalisation: the base (or null), the other inputs in order, and the slice's parameters. */
    private record NSlice(Source base, List<Source> models, Map<String, ParamValue> params, String path) {
        int length() {
            Source first = base != null ? base : models.get(0);
            return first.end - first.start;
        }

        /** @return the input whose tensor names and layer layout define the slice's output tensors */
        Source donor() {
            return base != null ? base : models.get(0);
        }
    }

    /** One input of a slice. */
    private record Source(String ref, int start, int end, Map<String, ParamValue> params, String path) {
    }

    static MergePlan plan(Recipe recipe, MergeInputs inputs) {
        RecipeValidator.validate(recipe);
        return new MergePlanner(recipe, inputs).build();
    }

    private MergePlan build() {
        for (String ref : recipe.modelRefs()) {
            layouts.put(ref, ModelLayout.of(ref, inputs.get(ref).tensors()));
        }
        List<NSlice> slices = normalise();
        List<PlannedTensor> tensors = new ArrayList<>();
        NSlice first = slices.get(0);
        NSlice last = slices.get(slices.size() - 1);
        for (String name : layout(first.donor().ref).pre()) {
            tensors.add(plan(first, name, -1, 0, i -> name));
        }
        int outLayer = 0;
        List<Integer> donorLayers = new ArrayList<>();
        for (NSlice s : slices) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                double t = n == 1 ? 1.0 : i / (double) (n - 1);
                Source donor = s.donor();
                ModelLayout dl = layout(donor.ref);
                int di = i;
                for (String suffix : dl.suffixes(donor.start + i)) {
                    String out = dl.layerName(outLayer, suffix);
                    tensors.add(plan(s, out, outLayer, t, src -> layout(src.ref).layerName(src.start + di, suffix)));
                }
                donorLayers.add(donor.start + i);
                outLayer++;
            }
        }
        List<String> post = new ArrayList<>(layout(last.donor().ref).post());
        String lmHead = "lm_head.weight";
        if (!post.contains(lmHead) && allSources(last).stream()
                .anyMatch(src -> inputs.get(src.ref).tensors().tensorNames().contains(lmHead))) {
            post.add(lmHead); // the donor ties its LM head but another input has its own: merge the heads
        }
        for (String name : post) {
            tensors.add(plan(last, name, -1, 1, i -> name));
        }
        String configDonor = recipe.baseModel() != null ? recipe.baseModel() : first.donor().ref;
        String tokenizerDonor = recipe.tokenizerSource() == null || recipe.tokenizerSource().equals("base")
                ? configDonor : recipe.tokenizerSource();
        return new MergePlan(recipe, method, tensors, outLayer, donorLayers, configDonor, tokenizerDonor, inputs);
    }

    private ModelLayout layout(String ref) {
        return layouts.get(ref);
    }

    private static List<Source> allSources(NSlice s) {
        List<Source> all = new ArrayList<>();
        if (s.base != null) {
            all.add(s.base);
        }
        all.addAll(s.models);
        return all;
    }

    // ---- normalisation ----

    private List<NSlice> normalise() {
        List<NSlice> out = new ArrayList<>();
        boolean separateBase = method.baseRole() == MergeMethod.BaseRole.REQUIRED
                || method.baseRole() == MergeMethod.BaseRole.OPTIONAL;
        if (!recipe.models().isEmpty()) {
            List<Source> all = new ArrayList<>();
            for (int i = 0; i < recipe.models().size(); i++) {
                Recipe.ModelEntry m = recipe.models().get(i);
                all.add(new Source(m.model(), 0, 0, m.parameters(), "models[" + i + "]"));
            }
            String base = recipe.baseModel();
            if (base != null && all.stream().noneMatch(s -> s.ref.equals(base))) {
                all.add(new Source(base, 0, 0, Map.of(), "base_model"));
            }
            int layers = -1;
            String first = null;
            for (Source s : all) {
                int n = layout(s.ref).layerCount();
                if (layers >= 0 && n != layers) {
                    throw new IllegalArgumentException("models: " + first + " has " + layers + " layers but " + s.ref
                            + " has " + n + "; with different layer counts, use slices: with layer_range");
                }
                layers = n;
                first = s.ref;
            }
            int n = layers;
            List<Source> full = all.stream().map(s -> new Source(s.ref, 0, n, s.params, s.path)).toList();
            out.add(split(full, base, separateBase, Map.of(), "models"));
        } else {
            for (int i = 0; i < recipe.slices().size(); i++) {
                Recipe.Slice sl = recipe.slices().get(i);
                String path = "slices[" + i + "]";
                List<Source> all = new ArrayList<>();
                for (int j = 0; j < sl.sources().size(); j++) {
                    Recipe.Source src = sl.sources().get(j);
                    String p = path + ".sources[" + j + "]";
                    int layers = layout(src.model()).layerCount();
                    if (src.layerRange().end() > layers) {
                        throw new IllegalArgumentException(p + ".layer_range: " + src.layerRange() + " goes past the"
                                + " last layer of " + src.model() + ", which has " + layers + " layers");
                    }
                    all.add(new Source(src.model(), src.layerRange().start(), src.layerRange().end(),
                            src.parameters(), p));
                }
                String base = sl.baseModel() != null ? sl.baseModel() : recipe.baseModel();
                out.add(split(all, separateBase ? base : null, separateBase, sl.parameters(), path));
            }
        }
        return out;
    }

    private NSlice split(List<Source> all, String base, boolean separateBase, Map<String, ParamValue> params,
                         String path) {
        if (!separateBase) {
            return new NSlice(null, all, params, path);
        }
        Source b = null;
        List<Source> models = new ArrayList<>();
        for (Source s : all) {
            if (b == null && Objects.equals(s.ref, base)) {
                b = s;
            } else {
                models.add(s);
            }
        }
        return new NSlice(b, models, params, path);
    }

    // ---- one tensor ----

    private PlannedTensor plan(NSlice s, String outName, int layer, double t,
                               java.util.function.Function<Source, String> inputName) {
        PlannedTensor.Input base = s.base == null ? null : input(s.base, inputName.apply(s.base), outName);
        List<PlannedTensor.Input> models = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Source src : s.models) {
            names.add(inputName.apply(src));
            models.add(input(src, names.get(names.size() - 1), outName));
        }
        long[] shape = outputShape(outName, base, models);
        PlannedTensor.Input first = base != null ? base : models.get(0);
        DType dtype = recipe.writtenDtype() != null ? recipe.writtenDtype() : first.dtype();
        if (!dtype.isEncodable()) {
            throw new IllegalArgumentException("tensor " + outName + " is stored as " + dtype + " in "
                    + first.model() + " and the recipe sets no dtype; set dtype or out_dtype (e.g. bfloat16)");
        }
        for (PlannedTensor.Input in : allInputs(base, models)) {
            if (!in.dtype().isDecodable()) {
                throw new IllegalArgumentException("tensor " + in.tensor() + " of model " + in.model() + " has dtype "
                        + in.dtype() + ", which cannot be merged (dequantise it first)");
            }
        }
        MergeParams params = resolve(s, outName, t, names);
        return new PlannedTensor(outName, shape, dtype, layer, t, base, models, params);
    }

    private PlannedTensor.Input input(Source src, String name, String outName) {
        MergeInputs.Model m = inputs.get(src.ref);
        String stored = ModelLayout.resolve(m.tensors(), name);
        if (stored == null) {
            throw new IllegalArgumentException("model " + src.ref + " has no tensor " + name + " (needed for output "
                    + outName + ", " + src.path + ")");
        }
        TensorSpec spec = m.tensors().spec(stored);
        return new PlannedTensor.Input(src.ref, stored, spec.dtype(), spec.shape());
    }

    private static List<PlannedTensor.Input> allInputs(PlannedTensor.Input base, List<PlannedTensor.Input> models) {
        List<PlannedTensor.Input> all = new ArrayList<>();
        if (base != null) {
            all.add(base);
        }
        all.addAll(models);
        return all;
    }

    /** @return the output shape: the shared one, or the reconciled one for embeddings */
    private long[] outputShape(String name, PlannedTensor.Input base, List<PlannedTensor.Input> models) {
        List<PlannedTensor.Input> all = allInputs(base, models);
        PlannedTensor.Input ref = all.get(0);
        boolean same = all.stream().allMatch(in -> Arrays.equals(in.shape(), ref.shape()));
        if (same) {
            return ref.shape();
        }
        PlannedTensor.Input odd = all.stream().filter(in -> !Arrays.equals(in.shape(), ref.shape())).findFirst()
                .orElseThrow();
        String mismatch = "tensor " + name + ": shape " + Arrays.toString(odd.shape()) + " in model " + odd.model()
                + " does not match " + Arrays.toString(ref.shape()) + " in " + (base != null ? "base model " : "model ")
                + ref.model();
        boolean embedding = ModelLayout.isEmbedding(name) && all.stream().allMatch(in -> in.shape().length == 2)
                && all.stream().allMatch(in -> in.shape()[1] == ref.shape()[1]);
        if (!embedding || method.embeddingShapes() == MergeMethod.EmbeddingShapes.MUST_MATCH) {
            throw new IllegalArgumentException(mismatch + (embedding ? " (" + method.id() + " needs equal vocabulary"
                    + " sizes)" : ""));
        }
        if (method.embeddingShapes() == MergeMethod.EmbeddingShapes.BASE_SHAPE) {
            for (PlannedTensor.Input in : models) {
                if (in.shape()[0] < ref.shape()[0]) {
                    throw new IllegalArgumentException(mismatch + " (" + method.id() + " crops embeddings to the base"
                            + "'s vocabulary, which is larger here)");
                }
            }
            return ref.shape();
        }
        long rows = all.stream().mapToLong(in -> in.shape()[0]).min().orElseThrow();
        return new long[] {rows, ref.shape()[1]};
    }

    // ---- parameters ----

    /** @param models the input tensor names of the non-base models (before resolving a tied LM head) */
    private MergeParams resolve(NSlice s, String outName, double t, List<String> models) {
        Map<String, Object> global = new LinkedHashMap<>();
        List<Map<String, Object>> perModel = new ArrayList<>();
        models.forEach(m -> perModel.add(new LinkedHashMap<>()));
        for (ParameterSpec p : method.parameters()) {
            if (!p.isPerModel()) {
                Object v = lookup(p, outName, t, List.of(s.params, recipe.parameters()));
                String where = "tensor " + outName + ", parameter " + p.name();
                if (v == null) {
                    throw new IllegalArgumentException(where + ": no value (no filter matched and " + method.id()
                            + " has no default)");
                }
                global.put(p.name(), p.check(v, where));
                continue;
            }
            for (int i = 0; i < models.size(); i++) {
                Source src = s.models.get(i);
                Object v = lookup(p, models.get(i), t, List.of(src.params, s.params, recipe.parameters()));
                String where = "tensor " + outName + ", model " + src.ref + " (" + src.path + "), parameter "
                        + p.name();
                if (v == null) {
                    throw new IllegalArgumentException(where + ": missing required parameter (no value at "
                            + src.path + ", slice or top-level parameters matches this tensor)");
                }
                perModel.get(i).put(p.name(), p.check(v, where));
            }
        }
        MergeParams params = MergeParams.of(global, perModel);
        try {
            method.check(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tensor " + outName + ": " + e.getMessage(), e);
        }
        return params;
    }

    private static Object lookup(ParameterSpec p, String tensor, double t, List<Map<String, ParamValue>> levels) {
        for (Map<String, ParamValue> level : levels) {
            ParamValue pv = level.get(p.name());
            if (pv != null) {
                Object v = pv.evaluate(tensor, t);
                if (v != null) {
                    return v;
                }
            }
        }
        return p.defaultValue();
    }
}
