package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.testing.PicoLlama;
import org.safemerge.tensor.FloatTensor;

/**
 * Planning on pico Llama models held in memory: layer positions for gradients, filters matched against input and
 * output names, parameter precedence, slices with renumbered layers, tied LM heads, embedding sizes, and the
 * errors raised before any tensor is read.
 */
class MergePlanTest {
    static TensorSet noisy(TensorSet base, long seed, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        TensorSet out = new TensorSet();
        for (String name : base.tensorNames()) {
            float[] v = base.get(name).data().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) ((r.nextDouble() - 0.5) * std);
            }
            out.put(name, new FloatTensor(base.get(name).shape(), v), base.spec(name).dtype());
        }
        return out;
    }

    final PicoLlama pico = PicoLlama.builder().layers(3).seed(1);
    final TensorSet base = pico.weights();
    final TensorSet a = noisy(base, 2, 0.02);
    final TensorSet b = noisy(base, 3, 0.02);
    final Map<String, TensorSet> pool = Map.of("base", base, "a", a, "b", b);
    final Map<String, ModelConfig> configs = Map.of("base", pico.config(), "a", pico.config(), "b", pico.config());

    MergePlan plan(String yaml) {
        return MergePlan.of(Recipe.parse(yaml, Path.of("")), MergeInputs.of(pool, configs));
    }

    static PlannedTensor tensor(MergePlan p, String name) {
        return p.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError("no planned tensor " + name));
    }

    @Test
    void gradientsFollowTheLayerPositionAndReachTheOuterTensorsAtTheirEnds() {
        MergePlan p = plan("""
                merge_method: linear
                models:
                  - model: a
                    parameters: {weight: [0, 1]}
                  - model: b
                    parameters: {weight: 1}
                """);
        assertEquals(3, p.layerCount());
        double[] want = {0, 0.5, 1};
        for (int layer = 0; layer < 3; layer++) {
            PlannedTensor t = tensor(p, "model.layers." + layer + ".mlp.up_proj.weight");
            assertEquals(want[layer], t.t(), 1e-12);
            assertEquals(want[layer], t.params().perModel("weight")[0], 1e-12, "layer " + layer);
        }
        // mergekit's plan: embeddings at t = 0, the final norm and LM head at t = 1
        assertEquals(0, tensor(p, "model.embed_tokens.weight").params().perModel("weight")[0], "embeddings at t = 0");
        for (String post : List.of("model.norm.weight", "lm_head.weight")) {
            assertEquals(1, tensor(p, post).t(), 1e-12, post);
            assertEquals(1, tensor(p, post).params().perModel("weight")[0], 1e-12, post + " is evaluated at t = 1");
        }
    }

    @Test
    void precedenceIsSourceThenSliceThenTopLevelAndFiltersFallThrough() {
        MergePlan p = plan("""
                merge_method: ties
                base_model: base
                slices:
                  - sources:
                      - model: base
                        layer_range: [0, 3]
                      - model: a
                        layer_range: [0, 3]
                        parameters:
                          density: [{filter: self_attn, value: 0.1}]
                      - model: b
                        layer_range: [0, 3]
                    parameters:
                      density: [{filter: mlp, value: 0.2}]
                      normalize: false
                parameters:
                  density: 0.3
                  weight: 1
                  normalize: true
                  lambda: [{filter: o_proj, value: 2}, {value: 1}]
                """);
        PlannedTensor attn = tensor(p, "model.layers.1.self_attn.q_proj.weight");
        assertArrayEquals(new double[] {0.1, 0.3}, attn.params().perModel("density"), "a: source filter; b: top");
        PlannedTensor mlp = tensor(p, "model.layers.1.mlp.up_proj.weight");
        assertArrayEquals(new double[] {0.2, 0.2}, mlp.params().perModel("density"), "no source match: slice");
        PlannedTensor norm = tensor(p, "model.layers.1.input_layernorm.weight");
        assertArrayEquals(new double[] {0.3, 0.3}, norm.params().perModel("density"), "top level");
        assertFalse(norm.params().flag("normalize"), "slice beats top level for global parameters too");
        assertEquals(2.0, tensor(p, "model.layers.2.self_attn.o_proj.weight").params().number("lambda"));
        assertEquals(1.0, tensor(p, "model.layers.2.mlp.down_proj.weight").params().number("lambda"));
    }

    @Test
    void slicesRenumberLayersAndFiltersMatchInputOrOutputNames() {
        MergePlan p = plan("""
                merge_method: passthrough
                slices:
                  - sources: [{model: a, layer_range: [0, 2]}]
                  - sources:
                      - model: b
                        layer_range: [2, 3]
                        parameters: {scale: [{filter: layers.2., value: 0.5}, {value: 1}]}
                  - sources: [{model: a, layer_range: [1, 3]}]
                """);
        assertEquals(5, p.layerCount());
        assertEquals(5, p.outputConfig().numHiddenLayers());
        PlannedTensor l2 = tensor(p, "model.layers.2.mlp.up_proj.weight");
        assertEquals("b", l2.models().get(0).model());
        assertEquals("model.layers.2.mlp.up_proj.weight", l2.models().get(0).tensor());
        assertEquals(0.5, l2.params().perModel("scale")[0], "per-model filter matched on the input name");
        PlannedTensor l4 = tensor(p, "model.layers.4.mlp.up_proj.weight");
        assertEquals("model.layers.2.mlp.up_proj.weight", l4.models().get(0).tensor());
        assertEquals("a", tensor(p, "model.embed_tokens.weight").models().get(0).model(), "pre: first slice");
        assertEquals("a", tensor(p, "lm_head.weight").models().get(0).model(), "post: last slice");
        assertEquals(0.0, tensor(p, "model.layers.3.mlp.up_proj.weight").t(), 1e-12, "two-layer slice: t 0, then 1");
        assertEquals(1.0, tensor(p, "model.layers.4.mlp.up_proj.weight").t(), 1e-12, "two-layer slice: t 0, then 1");
        assertEquals(1.0, tensor(p, "model.layers.2.self_attn.q_proj.weight").t(), 1e-12, "one-layer slice -> 1");

        // a global filter matches the output name: layers.2. is the renumbered output layer
        MergePlan q = plan("""
                merge_method: slerp
                base_model: a
                slices:
                  - sources: [{model: a, layer_range: [1, 3]}, {model: b, layer_range: [1, 3]}]
                    parameters: {t: [{filter: layers.1., value: 0.9}, {value: 0.1}]}
                """);
        assertEquals(0.9, tensor(q, "model.layers.1.mlp.up_proj.weight").params().number("t"));
        assertEquals("model.layers.2.mlp.up_proj.weight", tensor(q, "model.layers.1.mlp.up_proj.weight")
                .models().get(0).tensor());
        assertEquals(0.1, tensor(q, "model.layers.0.mlp.up_proj.weight").params().number("t"));
    }

    @Test
    void tiedHeadsAndEmbeddingSizes() {
        PicoLlama tiedPico = PicoLlama.builder().layers(3).seed(1).tied(true);
        TensorSet tied = tiedPico.weights();
        Map<String, TensorSet> p = new LinkedHashMap<>(pool);
        p.put("tied", tied);
        Map<String, ModelConfig> c = new LinkedHashMap<>(configs);
        c.put("tied", tiedPico.config());
        Recipe r = Recipe.parse("""
                merge_method: task_arithmetic
                base_model: tied
                models: [{model: a, parameters: {weight: 1}}]
                """, Path.of(""));
        MergePlan plan = MergePlan.of(r, MergeInputs.of(p, c));
        PlannedTensor head = tensor(plan, "lm_head.weight");
        assertEquals("model.embed_tokens.weight", head.base().tensor(), "the tied base reads its embeddings");
        assertFalse(plan.outputConfig().tieWordEmbeddings(), "an untied head is written");
        MergePlan allTied = MergePlan.of(Recipe.parse("""
                merge_method: linear
                models: [{model: tied, parameters: {weight: 1}}]
                """, Path.of("")), MergeInputs.of(p, c));
        assertTrue(allTied.tensors().stream().noneMatch(t -> t.name().equals("lm_head.weight")));
        assertTrue(allTied.outputConfig().tieWordEmbeddings());

        // vocabularies 64 and 72: linear keeps the common 64 rows; ties crops to the base; a smaller base is refused
        PicoLlama big = PicoLlama.builder().layers(3).seed(1).vocab(72);
        p.put("big", big.weights());
        c.put("big", big.config());
        MergePlan lin = MergePlan.of(Recipe.parse("""
                merge_method: linear
                models: [{model: big, parameters: {weight: 1}}, {model: a, parameters: {weight: 1}}]
                """, Path.of("")), MergeInputs.of(p, c));
        assertArrayEquals(new long[] {64, 32}, tensor(lin, "model.embed_tokens.weight").shape());
        assertEquals(64, lin.outputConfig().vocabSize());
        TensorSet merged = Merger.mergeInMemory(lin, MergeOptions.defaults().withProgress(false));
        float[] e = merged.get("model.embed_tokens.weight").data();
        float[] bigE = p.get("big").get("model.embed_tokens.weight").data();
        float[] aE = a.get("model.embed_tokens.weight").data();
        assertEquals((bigE[70] + aE[70]) / 2, e[70], 1e-6, "row 2, column 6 of the common block");
        assertEquals((bigE[63 * 32] + aE[63 * 32]) / 2, e[63 * 32], 1e-6, "last common row");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> MergePlan.of(Recipe.parse("""
                merge_method: ties
                base_model: big
                models: [{model: a, parameters: {weight: 1}}]
                """, Path.of("")), MergeInputs.of(p, c)));
        assertTrue(bad.getMessage().contains("model.embed_tokens.weight") && bad.getMessage().contains("[64, 32]")
                && bad.getMessage().contains("[72, 32]"), bad.getMessage());
    }

    @Test
    void problemsFoundBeforeAnyTensorIsRead() {
        PicoLlama wide = PicoLlama.builder().layers(3).seed(1).intermediate(40);
        Map<String, TensorSet> p = new LinkedHashMap<>(pool);
        p.put("wide", wide.weights());
        p.put("short", PicoLlama.builder().layers(2).seed(1).weights());
        TensorSet holey = noisy(base, 9, 0.01);
        TensorSet missing = new TensorSet();
        holey.tensorNames().stream().filter(n -> !n.contains("layers.1.mlp.up_proj"))
                .forEach(n -> missing.put(n, holey.get(n)));
        p.put("holey", missing);
        String[][] cases = {
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: wide, parameters:"
                        + " {weight: 1}}]", "tensor model.layers.0.mlp.gate_proj.weight", "[40, 32] in model wide",
                        "[48, 32] in model a"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: short, parameters:"
                        + " {weight: 1}}]", "a has 3 layers but short has 2"},
                {"merge_method: passthrough\nslices: [{sources: [{model: a, layer_range: [0, 4]}]}]",
                        "slices[0].sources[0].layer_range", "3 layers"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: holey, parameters:"
                        + " {weight: 1}}]", "holey has no tensor model.layers.1.mlp.up_proj.weight"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: [{filter: mlp, value: 1}]}}]",
                        "tensor model.embed_tokens.weight", "model a", "missing required parameter"},
                {"merge_method: della\nbase_model: base\nmodels: [{model: a, parameters: {weight: 1, density: 0.5,"
                        + " epsilon: 0.6}}]", "della needs 0 < density - epsilon"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: c, parameters:"
                        + " {weight: 1}}]", "no input for model 'c'"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: b, parameters:"
                        + " {weight: -1}}]", "weights sum to 0"},
        };
        for (String[] k : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MergePlan.of(Recipe.parse(k[0], Path.of("")), MergeInputs.of(p, configs)), k[0]);
            for (int i = 1; i < k.length; i++) {
                assertTrue(e.getMessage().contains(k[i]), "'" + e.getMessage() + "' lacks '" + k[i] + "'");
            }
        }
    }

    @Test
    void inMemoryMergeRoundsToTheOutputDtypeAndKeepsInputs() {
        float[] before = a.get("model.layers.0.mlp.up_proj.weight").data().clone();
        TensorSet out = Merger.mergeInMemory(Recipe.parse("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 0.3}}, {model: b, parameters: {weight: 0.7}}]
                dtype: float32
                out_dtype: bfloat16
                """, Path.of("")), pool, MergeOptions.defaults().withProgress(false));
        assertEquals(DType.BF16, out.spec("model.layers.0.mlp.up_proj.weight").dtype());
        for (float v : out.get("model.layers.0.mlp.up_proj.weight").data()) {
            assertEquals(v, org.safemerge.io.FloatCodec.bf16ToFloat(org.safemerge.io.FloatCodec.floatToBf16(v)));
        }
        assertArrayEquals(before, a.get("model.layers.0.mlp.up_proj.weight").data(), "inputs untouched");
        assertEquals(base.size(), out.size());
    }
}
