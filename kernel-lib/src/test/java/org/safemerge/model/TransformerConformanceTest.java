package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSpec;
import org.safemerge.tensor.FloatTensor;
import org.safemerge.testing.PicoLlama;

/**
 * The DJL forward pass against the independent float64 {@link ReferenceLlama} on tiny random checkpoints of every
 * supported variant: logits (relative error, max |a - b| / max |b|, at most 1e-4), greedy generation token for token,
 * KV-cache generation equal to recomputation with left-padded batches.
 */
class TransformerConformanceTest {
    @TempDir
    static Path dir;

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("llama GQA tied llama3-rope f32", PicoLlama.builder().architecture("llama").heads(4)
                        .kvHeads(2).tied(true).llama3RopeScaling(true).dtype(DType.F32), 0),
                Arguments.of("llama MHA untied bf16", PicoLlama.builder().architecture("llama").heads(4).kvHeads(4)
                        .ropeTheta(500000).dtype(DType.BF16), 0),
                Arguments.of("mistral GQA sliding-window 5 f32", PicoLlama.builder().architecture("mistral")
                        .heads(4).kvHeads(1).slidingWindow(5).dtype(DType.F32), 0),
                Arguments.of("qwen2 biases head_dim 16 f16", PicoLlama.builder().architecture("qwen2").heads(4)
                        .kvHeads(2).headDim(16).dtype(DType.F16), 0),
                Arguments.of("qwen2 window 4 from layer 1 f32", PicoLlama.builder().architecture("qwen2").layers(3)
                        .heads(4).kvHeads(2).slidingWindow(4).dtype(DType.F32), 1),
                Arguments.of("llama attention_bias mlp_bias f32", PicoLlama.builder().architecture("llama").heads(4)
                        .kvHeads(2).dtype(DType.F32), -1));
    }

    /** @param maxWindowLayers Qwen2's max_window_layers when positive; -1 adds Llama's attention and MLP biases */
    private static Path build(String name, PicoLlama b, int maxWindowLayers) {
        Path p = dir.resolve(name.replace(' ', '_'));
        if (java.nio.file.Files.exists(p)) {
            return p;          // built by the other test of this class
        }
        b.std(0.25).seed(name.hashCode()).vocab(64).writeTo(p);
        if (maxWindowLayers < 0) {
            withLlamaBiases(p, b);
        }
        if (maxWindowLayers > 0) {
            ModelConfig.read(p.resolve("config.json")).with("max_window_layers", maxWindowLayers).writeTo(p);
        }
        return p;
    }

    /** Rewrites a Llama checkpoint with attention_bias and mlp_bias: random biases on every projection. */
    private static void withLlamaBiases(Path p, PicoLlama b) {
        ModelConfig config = b.config().with("attention_bias", true).with("mlp_bias", true);
        TensorSet set = b.weights();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(99);
        for (TensorSpec t : ModelSpec.from(config).tensors()) {
            if (t.name().endsWith(".bias")) {
                float[] v = new float[(int) t.numel()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rnd.nextDouble() - 0.5) * 0.4f;
                }
                set.put(t.name(), new FloatTensor(t.shape(), v));
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(p)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PicoLlama.write(p, config, set, Long.MAX_VALUE);
    }

    private static int[] tokens(int n, int seed) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.floorMod(seed * 31 + i * 17 + i * i * 7, 64);
        }
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void logitsMatchReference(String name, PicoLlama builder, int maxWindowLayers) {
        Path p = build(name, builder, maxWindowLayers);
        ReferenceLlama ref = new ReferenceLlama(p);
        int[] toks = tokens(13, 3);
        double[][] expected = ref.logits(toks);
        try (LanguageModel m = LanguageModel.load(p, RuntimeOptions.cpu())) {
            FloatTensor got = m.logits(toks);
            assertArrayEquals(new long[] {13, 64}, got.shape(), name);
            double maxDiff = 0;
            double maxRef = 0;
            for (int i = 0; i < 13; i++) {
                for (int v = 0; v < 64; v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got.data()[i * 64 + v] - expected[i][v]));
                    maxRef = Math.max(maxRef, Math.abs(expected[i][v]));
                }
            }
            assertTrue(maxRef > 0.1, name + ": logits too small to be a meaningful check: " + maxRef);
            assertTrue(maxDiff / maxRef <= 1e-4, name + ": relative error " + maxDiff / maxRef);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void greedyGenerationMatchesReferenceWithAndWithoutCache(String name, PicoLlama builder, int maxWindowLayers) {
        Path p = build(name, builder, maxWindowLayers);
        ReferenceLlama ref = new ReferenceLlama(p);
        List<int[]> prompts = List.of(tokens(3, 1), tokens(7, 2), tokens(1, 3), tokens(5, 4));
        try (LanguageModel m = LanguageModel.load(p, RuntimeOptions.cpu())) {
            GenerationOptions o = GenerationOptions.greedy(10).withBatchSize(4);
            List<Generation> cached = m.generate(prompts, o);
            List<Generation> recomputed = m.generate(prompts, o.withCache(false));
            List<Generation> single = new ArrayList<>();
            for (int[] prompt : prompts) {
                single.add(m.generate(List.of(prompt), o).get(0));
            }
            for (int i = 0; i < prompts.size(); i++) {
                int[] expected = ref.greedy(prompts.get(i), 10, Set.copyOf(m.eosTokenIds()));
                assertArrayEquals(expected, cached.get(i).tokens(), name + " prompt " + i + " (batched, cache)");
                assertArrayEquals(expected, recomputed.get(i).tokens(), name + " prompt " + i + " (no cache)");
                assertArrayEquals(expected, single.get(i).tokens(), name + " prompt " + i + " (alone)");
                assertEquals(expected.length == 10 && !m.eosTokenIds().contains(expected[9])
                        ? Generation.FinishReason.LENGTH : Generation.FinishReason.EOS, cached.get(i).finish());
            }
        }
    }
}
