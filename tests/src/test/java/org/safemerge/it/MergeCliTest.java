package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safemerge.it.MergeAssertions.assertNoOutput;
import static org.safemerge.it.MergeAssertions.assertValidMerge;
import static org.safemerge.it.MergeAssertions.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.FloatCodec;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;
import org.safemerge.merge.MergeMethods;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.testing.PicoLlama;

/**
 * {@code safemerge merge} end to end on pico Llama checkpoints (2 layers, hidden 32, vocab 64): every method id,
 * on disk and in memory with identical results, gradients and filters, frankenmerges, dtypes, tied embeddings,
 * sharding, reproducibility from the written recipe, and refusals that leave no output behind.
 */
class MergeCliTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() throws Exception {
        Path base = PicoLlama.builder().seed(1).dtype(DType.BF16).writeTo(dir.resolve("base"));
        PicoLlama.variant(base, dir.resolve("a"), 0.01, 2);
        PicoLlama.variant(base, dir.resolve("b"), 0.01, 3);
        PicoLlama.variant(base, dir.resolve("c"), 0.01, 4);
        Files.writeString(base.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordLevel\"}}\n");
        Files.writeString(base.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}\n");
        Path f32 = PicoLlama.builder().seed(5).writeTo(dir.resolve("f32"));
        PicoLlama.variant(f32, dir.resolve("f32a"), 0.01, 6);
        PicoLlama.variant(f32, dir.resolve("f32b"), 0.01, 7);
        Path tied = PicoLlama.builder().seed(1).dtype(DType.BF16).tied(true).writeTo(dir.resolve("tied"));
        PicoLlama.variant(tied, dir.resolve("tieda"), 0.01, 8);
        PicoLlama.builder().seed(1).dtype(DType.BF16).shardBytes(3000).writeTo(dir.resolve("sharded"));
    }

    static String recipe(String id) {
        String ab = "models:\n  - {model: a, parameters: {weight: 0.6%s}}\n  - {model: b, parameters: {weight: 0.4%s}}\n";
        String gta = "base_model: base\n" + ab;
        return "merge_method: " + id + "\n" + switch (id) {
            case "linear" -> ab.formatted("", "") + "dtype: bfloat16\n";
            case "slerp" -> "base_model: base\nmodels: [{model: base}, {model: a}]\nparameters:\n  t:\n"
                    + "    - {filter: self_attn, value: [0, 0.5]}\n    - {filter: mlp, value: [1, 0.5]}\n"
                    + "    - {value: 0.35}\ndtype: bfloat16\n";
            case "nuslerp" -> "base_model: c\n" + ab.formatted("", "")
                    + "parameters: {nuslerp_flatten: false, nuslerp_row_wise: true}\n";
            case "multislerp" -> ab.formatted("", "");
            case "karcher" -> "models: [{model: a}, {model: b}, {model: c}]\nparameters: {max_iter: 5, tol: 1.0e-5}\n";
            case "task_arithmetic" -> gta.formatted("", "");
            case "ties" -> gta.formatted(", density: 0.3", ", density: 0.3");
            case "dare_ties" -> gta.formatted(", density: 0.66", ", density: 0.66");
            case "dare_linear" -> gta.formatted(", density: 0.5", ", density: 0.5");
            case "breadcrumbs", "breadcrumbs_ties" -> gta.formatted(", density: 0.8, gamma: 0.05",
                    ", density: 0.8, gamma: 0.05");
            case "della", "della_linear" -> gta.formatted(", density: 0.66, epsilon: 0.05",
                    ", density: 0.66, epsilon: 0.05") + "parameters: {lambda: 0.5}\n";
            case "sce" -> "base_model: base\nmodels: [{model: a}, {model: b}]\nparameters: {select_topk: 0.5}\n";
            case "model_stock" -> "base_model: base\nmodels: [{model: a}, {model: b}]\n";
            case "nearswap" -> "base_model: base\nmodels: [{model: a}]\nparameters: {t: 0.0001}\n";
            case "arcee_fusion" -> "base_model: base\nmodels: [{model: a}]\n";
            case "ram" -> "base_model: base\nmodels: [{model: a}, {model: b}]\n";
            case "ramplus_tl" -> "base_model: base\nmodels: [{model: a}, {model: b}]\nparameters: {r: 0.05, alpha: 1.0}\n";
            case "passthrough" -> "slices:\n  - sources: [{model: a, layer_range: [0, 2]}]\n"
                    + "  - sources: [{model: a, layer_range: [0, 2], parameters: {scale: [{filter: o_proj, value: 0},"
                    + " {value: 1}]}}]\n";
            default -> throw new IllegalArgumentException(id);
        };
    }

    static Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static java.util.List<String> ids() {
        return MergeMethods.ids();
    }

    static Map<String, TensorSource> pool(Recipe r) {
        Map<String, TensorSource> pool = new LinkedHashMap<>();
        for (String ref : r.modelRefs()) {
            try (Checkpoint c = Checkpoint.open(r.resolve(ref))) {
                pool.put(ref, TensorSet.copyOf(c));
            }
        }
        return pool;
    }

    @ParameterizedTest
    @MethodSource("ids")
    void everyMethodMergesAndInMemoryEqualsOnDisk(String id) throws Exception {
        Path recipe = write("recipe-" + id + ".yml", recipe(id));
        Path out = dir.resolve("out").resolve(id);
        Cli.Result run = cli("merge", recipe, "--out", out, "--seed", 11);
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("merged"), run.out());
        try (Checkpoint base = Checkpoint.open(dir.resolve("base"))) {
            assertValidMerge(out, base, recipe(id).contains("dtype: bfloat16") ? DType.BF16 : null,
                    id.equals("passthrough") ? 4 : 2);
        }
        Recipe r = Recipe.load(recipe);
        TensorSet memory = Merger.mergeInMemory(r, pool(r), MergeOptions.defaults().withSeed(11).withProgress(false));
        try (Checkpoint disk = Checkpoint.open(out)) {
            assertEquals(disk.tensorNames().size(), memory.size(), id + ": same tensors");
            for (String name : disk.tensorNames()) {
                assertEquals(disk.spec(name).dtype(), memory.spec(name).dtype(), id + " " + name);
                assertArrayEquals(disk.load(name).data(), memory.get(name).data(), id + ": " + name
                        + " in memory equals on disk");
            }
        }
    }

    @Test
    void gradientsFiltersAndPrecedenceEndToEnd() throws Exception {
        Path recipe = write("grad.yml", """
                merge_method: linear
                models:
                  - model: a
                    parameters: {weight: [1, 0]}
                  - model: b
                    parameters: {weight: [{filter: mlp, value: 5}]}
                parameters:
                  weight: [0, 1]
                """);
        Path out = dir.resolve("out-grad");
        assertEquals(0, cli("merge", recipe, "--out", out).exitCode());
        try (Checkpoint m = Checkpoint.open(out); Checkpoint a = Checkpoint.open(dir.resolve("a"));
             Checkpoint b = Checkpoint.open(dir.resolve("b"))) {
            String q0 = "model.layers.0.self_attn.q_proj.weight";
            String q1 = "model.layers.1.self_attn.q_proj.weight";
            assertArrayEquals(a.load(q0).data(), m.load(q0).data(), "layer 0 (t 0): a weight 1, b weight 0");
            assertArrayEquals(b.load(q1).data(), m.load(q1).data(), "layer 1 (t 1): a weight 0, b weight 1");
            assertArrayEquals(a.load("model.embed_tokens.weight").data(), m.load("model.embed_tokens.weight").data(),
                    "embeddings at t 0: a's");
            assertArrayEquals(b.load("lm_head.weight").data(), m.load("lm_head.weight").data(), "LM head at t 1: b's");
            String up = "model.layers.1.mlp.up_proj.weight";
            float[] want = new float[a.load(up).numel()];
            for (int i = 0; i < want.length; i++) {
                want[i] = FloatCodec.round(DType.BF16, (0f * a.load(up).data()[i] + 5f * b.load(up).data()[i]) / 5f);
            }
            assertArrayEquals(want, m.load(up).data(), "b's own filter beats the top-level gradient on mlp");
        }
    }

    @Test
    void frankenmergeStacksAndRenumbersLayers() throws Exception {
        Path recipe = write("frank.yml", """
                merge_method: passthrough
                slices:
                  - sources: [{model: a, layer_range: [0, 2]}]
                  - sources: [{model: sharded, layer_range: [1, 2]}]
                """);
        Path out = dir.resolve("out-frank");
        assertEquals(0, cli("merge", recipe, "--out", out).exitCode());
        try (Checkpoint m = Checkpoint.open(out); Checkpoint a = Checkpoint.open(dir.resolve("a"));
             Checkpoint s = Checkpoint.open(dir.resolve("sharded"))) {
            assertEquals(3, m.config().numHiddenLayers());
            assertEquals(a.tensorNames().size() + 9, m.tensorNames().size(), "one more layer of 9 tensors");
            for (String suffix : new String[] {"self_attn.v_proj.weight", "mlp.down_proj.weight",
                    "input_layernorm.weight"}) {
                assertArrayEquals(a.load("model.layers.1." + suffix).data(), m.load("model.layers.1." + suffix).data());
                assertArrayEquals(s.load("model.layers.1." + suffix).data(), m.load("model.layers.2." + suffix).data());
            }
            assertArrayEquals(a.load("model.embed_tokens.weight").data(), m.load("model.embed_tokens.weight").data());
            assertArrayEquals(s.load("lm_head.weight").data(), m.load("lm_head.weight").data());
        }
    }

    @Test
    void workingAndOutputDtypes() throws Exception {
        String linear = """
                merge_method: linear
                models: [{model: f32a, parameters: {weight: 0.3}}, {model: f32b, parameters: {weight: 0.7}}]
                """;
        Path bf = dir.resolve("out-bf16");
        Path bfF32 = dir.resolve("out-bf16-f32");
        Path f32Bf = dir.resolve("out-f32-bf16");
        assertEquals(0, cli("merge", write("d1.yml", linear + "dtype: bfloat16\n"), "--out", bf).exitCode());
        assertEquals(0, cli("merge", write("d2.yml", linear + "dtype: bfloat16\nout_dtype: float32\n"), "--out",
                bfF32).exitCode());
        assertEquals(0, cli("merge", write("d3.yml", linear + "dtype: float32\nout_dtype: bfloat16\n"), "--out",
                f32Bf).exitCode());
        assertValidMerge(bf, null, DType.BF16, 2);
        assertValidMerge(bfF32, null, DType.F32, 2);
        assertValidMerge(f32Bf, null, DType.BF16, 2);
        try (Checkpoint x = Checkpoint.open(dir.resolve("f32a")); Checkpoint y = Checkpoint.open(dir.resolve("f32b"));
             Checkpoint m1 = Checkpoint.open(bf); Checkpoint m2 = Checkpoint.open(bfF32);
             Checkpoint m3 = Checkpoint.open(f32Bf)) {
            for (String name : x.tensorNames()) {
                float[] xa = x.load(name).data();
                float[] yb = y.load(name).data();
                float[] got1 = m1.load(name).data();
                float[] got3 = m3.load(name).data();
                assertArrayEquals(got1, m2.load(name).data(), "out_dtype float32 stores the bfloat16 results");
                for (int i = 0; i < xa.length; i++) {
                    // mergekit casts inputs to bf16 before merging; the result is within one bf16 ulp of the exact
                    // float64 average of the rounded inputs (the ulp taken at the larger of the result and its
                    // terms, since the terms' own rounding is what remains where they cancel)
                    double p = 0.3 * FloatCodec.round(DType.BF16, xa[i]);
                    double q = 0.7 * FloatCodec.round(DType.BF16, yb[i]);
                    double exact = p + q;
                    double scale = Math.max(Math.abs(exact), Math.max(Math.abs(p), Math.abs(q)));
                    assertTrue(Math.abs(got1[i] - exact) <= ulp(scale), name + "[" + i + "]: " + got1[i] + " vs "
                            + exact);
                    double p32 = 0.3 * xa[i];
                    double q32 = 0.7 * yb[i];
                    double exact32 = p32 + q32;
                    double scale32 = Math.max(Math.abs(exact32), Math.max(Math.abs(p32), Math.abs(q32)));
                    assertTrue(Math.abs(got3[i] - exact32) <= ulp(scale32), name + "[" + i + "] f32->bf16");
                }
            }
        }
    }

    /** @return one bfloat16 ulp at the magnitude of x */
    static double ulp(double x) {
        return Math.ulp((float) x) * 65536.0;
    }

    @Test
    void tiedEmbeddings() throws Exception {
        Path allTied = dir.resolve("out-tied");
        assertEquals(0, cli("merge", write("t1.yml", """
                merge_method: linear
                models: [{model: tied, parameters: {weight: 0.5}}, {model: tieda, parameters: {weight: 0.5}}]
                """), "--out", allTied).exitCode());
        try (Checkpoint m = Checkpoint.open(allTied)) {
            assertFalse(m.tensorNames().contains("lm_head.weight"), "tied inputs give a tied output");
            assertTrue(m.config().tieWordEmbeddings());
        }
        Path mixed = dir.resolve("out-tied-mixed");
        assertEquals(0, cli("merge", write("t2.yml", """
                merge_method: task_arithmetic
                base_model: tied
                models: [{model: a, parameters: {weight: 1.0}}]
                """), "--out", mixed).exitCode());
        try (Checkpoint m = Checkpoint.open(mixed); Checkpoint a = Checkpoint.open(dir.resolve("a"));
             Checkpoint t = Checkpoint.open(dir.resolve("tied"))) {
            assertTrue(m.tensorNames().contains("lm_head.weight"), "a's own head is merged into an untied head");
            assertFalse(m.config().tieWordEmbeddings());
            float[] emb = t.load("model.embed_tokens.weight").data();
            float[] head = a.load("lm_head.weight").data();
            float[] got = m.load("lm_head.weight").data();
            for (int i = 0; i < got.length; i++) {
                assertEquals(FloatCodec.round(DType.BF16, emb[i] + (head[i] - emb[i])), got[i], 1e-7);
            }
        }
    }

    @Test
    void shardedInputsAndOutputs() throws Exception {
        String ties = """
                merge_method: ties
                base_model: %s
                models: [{model: a, parameters: {weight: 0.5, density: 0.5}}, {model: b, parameters: {weight: 0.5}}]
                """;
        Path plain = dir.resolve("out-unsharded");
        Path sharded = dir.resolve("out-sharded");
        assertEquals(0, cli("merge", write("s1.yml", ties.formatted("base")), "--out", plain).exitCode());
        assertEquals(0, cli("merge", write("s2.yml", ties.formatted("sharded")), "--out", sharded, "--shard-size",
                "10KB").exitCode());
        assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
        try (Checkpoint p = Checkpoint.open(plain); Checkpoint s = Checkpoint.open(sharded)) {
            assertEquals(1, p.files().size());
            int n = s.files().size();
            assertTrue(n >= 5, "43 kB in shards of at most 10 kB: " + n);
            assertTrue(Files.exists(sharded.resolve(String.format("model-00001-of-%05d.safetensors", n))));
            for (String name : p.tensorNames()) {
                assertArrayEquals(p.load(name).data(), s.load(name).data(), name);
            }
        }
    }

    @Test
    void theWrittenRecipeRebuildsTheSameBytes() throws Exception {
        Path first = dir.resolve("out-dare1");
        assertEquals(0, cli("merge", write("dare.yml", recipe("dare_ties")), "--out", first, "--seed", 5, "--threads",
                1).exitCode());
        Path again = dir.resolve("out-dare2");
        assertEquals(0, cli("merge", first.resolve("safemerge_config.yml"), "--out", again, "--seed", 5, "--threads",
                3).exitCode());
        assertEquals(-1, Files.mismatch(first.resolve("model.safetensors"), again.resolve("model.safetensors")),
                "same recipe and seed, 1 or 3 threads: byte-identical weights");
        Path other = dir.resolve("out-dare3");
        assertEquals(0, cli("merge", write("dare.yml", recipe("dare_ties")), "--out", other, "--seed", 6).exitCode());
        assertTrue(Files.mismatch(first.resolve("model.safetensors"), other.resolve("model.safetensors")) != -1,
                "another seed draws other masks");
        assertTrue(Files.readString(first.resolve("safemerge_config.yml")).contains("--seed 5"));
    }

    @Test
    void outputFiles() throws Exception {
        Path out = dir.resolve("out-files");
        assertEquals(0, cli("merge", write("f.yml", recipe("ties") + "chat_template: chatml\n"), "--out", out).exitCode());
        assertEquals(Files.readString(dir.resolve("base/tokenizer.json")), Files.readString(out.resolve(
                "tokenizer.json")), "tokenizer copied from the base");
        assertTrue(Files.readString(out.resolve("chat_template.jinja")).contains("<|im_start|>"));
        assertTrue(Files.readString(out.resolve("tokenizer_config.json")).contains("im_start"));
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains("[TIES-Merging](https://arxiv.org/abs/2306.01708)") && card.contains("merge_method: ties"),
                card);
        try (Checkpoint m = Checkpoint.open(out)) {
            assertEquals(DType.BF16, m.spec("model.norm.weight").dtype(), "no dtype: the inputs' dtype");
        }
    }

    @Test
    void tokenizerSourceTakesAnotherModelsFilesWhenTheVocabularyIsTheSame() throws Exception {
        Path same = dir.resolve("same-tokenizer");
        PicoLlama.variant(dir.resolve("base"), same, 0.01, 9);
        Files.writeString(same.resolve("tokenizer.json"), Files.readString(dir.resolve("base/tokenizer.json")));
        Files.writeString(same.resolve("tokenizer_config.json"), "{\"eos_token\": \"<|end|>\"}\n");
        Path out = dir.resolve("out-tokenizer");
        assertEquals(0, cli("merge", write("tok.yml", recipe("task_arithmetic") + "tokenizer_source: same-tokenizer\n"),
                "--out", out).exitCode());
        assertTrue(Files.readString(out.resolve("tokenizer_config.json")).contains("<|end|>"), "taken from the source");
        Path refused = dir.resolve("out-tokenizer-refused");
        Cli.Result r = cli("merge", write("tok2.yml", recipe("task_arithmetic") + "tokenizer_source: a\n"), "--out",
                refused);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("tokenizer_source: a's tokenizer.json is missing"), r.err());
        assertNoOutput(refused);
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() throws Exception {
        Path out = dir.resolve("out-dry");
        Cli.Result run = cli("merge", write("dry.yml", recipe("slerp")), "--out", out, "--dry-run");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("merge_method: slerp"), run.out());
        assertTrue(run.out().contains("model.layers.1.self_attn.q_proj.weight"), run.out());
        assertTrue(run.out().contains("t=0.5") && run.out().contains("t=0.35"), run.out());
        assertNoOutput(out);
    }

    @Test
    void existingOutputIsRefusedUnlessOverwrite() throws Exception {
        Path out = dir.resolve("out-existing");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        Cli.Result run = cli("merge", write("e.yml", recipe("linear")), "--out", out);
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("already exists and is not empty") && run.err().contains("--overwrite"),
                run.err());
        assertTrue(Files.exists(out.resolve("keep.txt")));
        assertEquals(0, cli("merge", dir.resolve("e.yml"), "--out", out, "--overwrite").exitCode());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("model.safetensors")));
    }

    @Test
    void badRecipesAndCheckpointsExitTwoWithTheReasonAndNoOutput() throws Exception {
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(dir.resolve("a/config.json"), broken.resolve("config.json"));
        byte[] weights = Files.readAllBytes(dir.resolve("a/model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length - 100));
        Path pickle = dir.resolve("pickle");
        Files.createDirectories(pickle);
        Files.copy(dir.resolve("a/config.json"), pickle.resolve("config.json"));
        Files.writeString(pickle.resolve("pytorch_model.bin"), "not really");
        PicoLlama.builder().seed(1).intermediate(40).dtype(DType.BF16).writeTo(dir.resolve("wide"));
        String[][] cases = {
                {"merge_method: tie\nmodels: [{model: a}]\n", "unknown merge method 'tie'", "dare_ties"},
                {"merge_method: linear\nmodels: [{model: nowhere, parameters: {weight: 1}}]\n",
                        "models[0].model: model 'nowhere'", "no such directory"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}, {model: wide, parameters:"
                        + " {weight: 1}}]\n", "model.layers.0.mlp.", "in model wide does not match", "in model a"},
                {"merge_method: ties\nbase_model: base\nmodels: [{model: a, parameters: {weight: 1, density: 2}}]\n",
                        "models[0].parameters.density", "between 0 and 1"},
                {"merge_method: ties\nmodels: [{model: a, parameters: {weight: 1}}]\n", "base_model: missing"},
                {"merge_method: linear\nmodels: [{model: broken, parameters: {weight: 1}}]\n",
                        "models[0].model: model 'broken'"},
                {"merge_method: linear\nmodels: [{model: pickle, parameters: {weight: 1}}]\n", "pickle"},
                {"merge_method: linear\nmodels: [{model: a, parameters: {weight: 1}}]\ntokenizer_source: union\n",
                        "union"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("out-bad-" + i);
            Cli.Result run = cli("merge", write("bad" + i + ".yml", cases[i][0]), "--out", out);
            assertEquals(2, run.exitCode(), cases[i][0] + " -> " + run.err());
            for (int k = 1; k < cases[i].length; k++) {
                assertTrue(run.err().contains(cases[i][k]), "'" + run.err() + "' lacks '" + cases[i][k] + "'");
            }
            assertFalse(run.err().contains("Exception"), "a message, not a stack trace: " + run.err());
            assertNoOutput(out);
        }
        Cli.Result noOut = cli("merge", dir.resolve("bad0.yml"));
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("--out"), noOut.err());
        Cli.Result threads = cli("merge", write("ok.yml", recipe("linear")), "--out", dir.resolve("o"),
                "--threads", 0);
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("--threads must be at least 1"), threads.err());
        assertNoOutput(dir.resolve("o"));
        Cli.Result input = cli("merge", dir.resolve("ok.yml"), "--out", dir.resolve("a"), "--overwrite");
        assertEquals(2, input.exitCode());
        assertTrue(input.err().contains("never writes over its inputs"), input.err());
        assertTrue(Files.exists(dir.resolve("a/model.safetensors")));
    }
}
