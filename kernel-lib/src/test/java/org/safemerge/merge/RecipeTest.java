package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safemerge.io.DType;

/** Recipes: mergekit YAML in, validation with key paths, the builder, YAML back out. */
class RecipeTest {
    static final Path DIR = Path.of("/recipes");

    static Recipe parse(String yaml) {
        return Recipe.parse(yaml, DIR);
    }

    /** Asserts that the recipe is refused with a message containing every fragment. */
    static void refused(String yaml, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml), yaml);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    static final String TIES = """
            merge_method: ties
            base_model: ../models/base
            models:
              - model: ../models/math
                parameters: {density: [1, 0.7, 0.1], weight: 1.0}
              - model: ../models/code
                parameters: {density: 0.5, weight: [0, 0.3, 0.7, 1]}
              - model: /abs/chat
                parameters:
                  density: 0.33
                  weight: [{filter: mlp, value: 0.5}, {value: 0}]
            parameters: {normalize: true, int8_mask: true}
            dtype: float16
            out_dtype: bfloat16
            """;

    @Test
    void parsesMergekitsTiesExample() {
        Recipe r = parse(TIES);
        assertEquals("ties", r.mergeMethod());
        assertEquals("../models/base", r.baseModel());
        assertEquals(3, r.models().size());
        assertEquals(DType.F16, r.dtype());
        assertEquals(DType.BF16, r.outDtype());
        assertEquals(Path.of("/models/math"), r.resolve("../models/math"));
        assertEquals(Path.of("/abs/chat"), r.resolve("/abs/chat"));
        assertEquals(List.of("../models/base", "../models/math", "../models/code", "/abs/chat"), r.modelRefs());
        ParamValue w = r.models().get(2).parameters().get("weight");
        assertEquals(0.5, w.evaluate("model.layers.0.mlp.up_proj.weight", 0));
        assertEquals(0, w.evaluate("model.layers.0.self_attn.q_proj.weight", 0));
    }

    @Test
    void yamlRoundTrips() {
        Recipe r = parse(TIES);
        assertEquals(r, parse(r.toYaml()));
        Recipe slices = parse("""
                merge_method: passthrough
                slices:
                  - sources: [{model: a, layer_range: [0, 24]}]
                  - sources: [{model: b, layer_range: [20, 40], parameters: {scale: [{filter: o_proj, value: 0}]}}]
                """);
        assertEquals(slices, parse(slices.toYaml()));
        assertTrue(slices.toYaml().contains("layer_range"));
    }

    @Test
    void builderMakesTheSameRecipe() {
        Recipe built = Recipe.builder("ties").baseModel("../models/base")
                .model("../models/math", Map.of("density", List.of(1, 0.7, 0.1), "weight", 1.0))
                .model("../models/code", Map.of("density", 0.5, "weight", List.of(0, 0.3, 0.7, 1)))
                .model("/abs/chat", Map.of("density", 0.33, "weight", List.of(
                        Map.of("filter", "mlp", "value", 0.5), Map.of("value", 0))))
                .parameter("normalize", true).parameter("int8_mask", true)
                .dtype("float16").outDtype("bfloat16").baseDir(DIR).build();
        Recipe parsed = parse(TIES);
        for (int i = 0; i < 3; i++) {
            assertEquals(parsed.models().get(i).model(), built.models().get(i).model());
            for (String p : List.of("weight", "density")) {
                for (double t : new double[] {0, 0.3, 1}) {
                    for (String name : List.of("x.mlp.w", "x.self_attn.w")) {
                        assertEquals(((Number) parsed.models().get(i).parameters().get(p).evaluate(name, t))
                                .doubleValue(), ((Number) built.models().get(i).parameters().get(p)
                                .evaluate(name, t)).doubleValue(), 1e-12);
                    }
                }
            }
        }
        assertEquals(parse(built.toYaml()).toYaml(), built.toYaml());
        Recipe frank = Recipe.builder("passthrough")
                .slice(s -> s.source("a", 0, 2))
                .slice(s -> s.source("b", 1, 2, Map.of("scale", 0.5))).build();
        assertEquals(2, frank.slices().size());
        assertThrows(IllegalArgumentException.class, () -> Recipe.builder("ties").model("a").build(),
                "ties without base");
    }

    @Test
    void gradientsChoicesAndFilters() {
        ParamValue g = ParamValue.of(List.of(0, 0.5, 1));
        assertEquals(0.25, (double) g.evaluate("x", 0.25), 1e-12);
        ParamValue d = ParamValue.of(List.of(1, 0.7, 0.1));
        assertEquals(0.4, (double) d.evaluate("x", 0.75), 1e-12); // scaled 1.5: halfway from 0.7 to 0.1
        assertEquals(0.1, (double) d.evaluate("x", 1.0), 1e-12);
        assertEquals(5.0, (double) ParamValue.of(List.of(5)).evaluate("x", 0.7), 1e-12);
        ParamValue c = ParamValue.of(List.of("a", "b", "c"));
        assertEquals("b", c.evaluate("x", 0.6)); // int(0.6 * 2) = 1
        ParamValue f = ParamValue.filtered(ParamValue.Entry.of("self_attn", 0.3), ParamValue.Entry.of("mlp",
                List.of(0.0, 1.0)));
        assertEquals(0.3, f.evaluate("model.layers.0.self_attn.q_proj.weight", 0.5));
        assertEquals(0.5, (double) f.evaluate("model.layers.0.mlp.up_proj.weight", 0.5), 1e-12);
        assertNull(f.evaluate("model.norm.weight", 0.5), "no match: not set at this level");
        assertEquals(0.9, ParamValue.filtered(ParamValue.Entry.of("*", 0.9)).evaluate("any", 0));
        // filters are plain substrings, not globs or regular expressions
        assertNull(ParamValue.filtered(ParamValue.Entry.of("layers.*o_proj", 1)).evaluate(
                "model.layers.0.self_attn.o_proj.weight", 0));
    }

    @Test
    void badRecipesNameTheKeyAndTheReason() {
        refused("merge_method: tie\nmodels: [{model: a}]", "merge_method", "unknown merge method 'tie'", "known:",
                "ties", "dare_ties");
        refused("models: [{model: a}]", "merge_method: missing");
        refused("merge_method: linear", "no models");
        refused("merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\nslices: []\n"
                + "base_model: b", "linear");
        refused("""
                merge_method: ties
                base_model: b
                models:
                  - model: a
                    parameters: {weight: 1}
                  - model: c
                    parameters: {weight: 1, densty: 0.5}
                """, "models[1].parameters.densty", "unknown parameter 'densty' for ties", "density");
        refused("""
                merge_method: ties
                base_model: b
                models: [{model: a, parameters: {weight: 1, normalize: false}}]
                """, "models[0].parameters.normalize", "global parameter");
        refused("""
                merge_method: ties
                base_model: b
                models: [{model: a, parameters: {weight: 1, density: 1.5}}]
                """, "models[0].parameters.density", "1.5", "between 0 and 1");
        refused("""
                merge_method: ties
                base_model: b
                models: [{model: a, parameters: {weight: 1, density: [0.5, 1.2]}}]
                """, "models[0].parameters.density[1]", "1.2");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: heavy}}]
                """, "models[0].parameters.weight", "'heavy'", "a number");
        refused("""
                merge_method: slerp
                base_model: a
                models: [{model: a}, {model: b}]
                parameters: {t: 1.5}
                """, "parameters.t", "between 0 and 1");
        refused("""
                merge_method: slerp
                base_model: a
                models: [{model: a}, {model: b}, {model: c}]
                parameters: {t: 0.5}
                """, "models", "exactly 1 model besides the base model, found 2");
        refused("""
                merge_method: slerp
                base_model: a
                models: [{model: a}, {model: b}]
                """, "missing required parameter 't'");
        refused("""
                merge_method: ties
                models: [{model: a, parameters: {weight: 1}}]
                """, "base_model: missing");
        refused("""
                merge_method: passthrough
                base_model: a
                models: [{model: a}]
                """, "takes no base model");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}, {model: b}]
                """, "models[1]", "missing required parameter 'weight'", "model b");
        refused("""
                merge_method: linear
                base_model: c
                models: [{model: a, parameters: {weight: 1}}, {model: b, parameters: {weight: 1}}]
                """, "base_model", "averages the base model c");
        refused("""
                merge_method: model_stock
                base_model: b
                models: [{model: a}]
                """, "at least 2 models besides the base model, found 1");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                dtype: bf17
                """, "dtype", "unknown dtype 'bf17'");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                dtype: int64
                """, "dtype", "bfloat16, float16, float32");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                tokenizer_source: union
                """, "tokenizer_source", "union");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                tokenizer: {source: base, pad_to_multiple_of: 64}
                """, "tokenizer.pad_to_multiple_of");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                chat_template: chatmlx
                """, "chat_template", "chatml");
        refused("""
                merge_method: linear
                models: [{model: a, parameters: {weight: 1}}]
                base_modle: a
                """, "base_modle: unknown key", "base_model");
        refused("merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\n---\nmerge_method: linear\n",
                "2 YAML documents");
        refused("merge_method: linear\nmodels: [{model: a\n", "not valid YAML", "line");
        refused("""
                merge_method: linear
                slices:
                  - sources: [{model: a, parameters: {weight: 1}}]
                """, "slices[0].sources[0].layer_range: missing");
        refused("""
                merge_method: linear
                slices:
                  - sources:
                      - {model: a, layer_range: [0, 4], parameters: {weight: 1}}
                      - {model: b, layer_range: [0, 3], parameters: {weight: 1}}
                """, "slices[0].sources[1].layer_range", "spans 3 layers", "spans 4");
        refused("""
                merge_method: ties
                base_model: c
                slices:
                  - sources: [{model: a, layer_range: [0, 4], parameters: {weight: 1}}]
                """, "slices[0]", "base model c is not among the slice's sources");
        refused("""
                merge_method: linear
                modules: {text: {models: [{model: a}]}}
                """, "modules", "not supported");
    }

    @Test
    void knownMethodsAreMergekitsTwenty() {
        assertEquals(List.of("linear", "slerp", "nuslerp", "multislerp", "karcher", "task_arithmetic", "ties",
                "dare_ties", "dare_linear", "breadcrumbs", "breadcrumbs_ties", "della", "della_linear", "sce",
                "model_stock", "nearswap", "arcee_fusion", "ram", "ramplus_tl", "passthrough"), MergeMethods.ids());
        for (MergeMethod m : MergeMethods.all()) {
            assertTrue(m.paperUrl().startsWith("https://"), m.id() + " has a reference link");
        }
    }

    @Test
    void keyOfNamesWhereAModelReferenceFirstAppears() {
        Recipe models = parse("""
                merge_method: ties
                base_model: base
                models:
                  - model: a
                    parameters: {weight: 1, density: 1}
                  - model: b
                    parameters: {weight: 1, density: 1}
                tokenizer_source: tok
                """);
        assertEquals("base_model", models.keyOf("base"));
        assertEquals("models[1].model", models.keyOf("b"));
        assertEquals("tokenizer_source", models.keyOf("tok"));
        Recipe slices = parse("""
                merge_method: passthrough
                slices:
                  - sources: [{model: a, layer_range: [0, 2]}]
                  - sources: [{model: b, layer_range: [1, 3]}]
                """);
        assertEquals("slices[1].sources[0].model", slices.keyOf("b"));
    }
}
