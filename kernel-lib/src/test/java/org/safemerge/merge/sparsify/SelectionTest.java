package org.safemerge.merge.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.safemerge.io.FloatCodec;
import org.safemerge.merge.MagnitudeCut;
import org.safemerge.merge.Mask;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;
import org.safemerge.merge.Workers;
import org.safemerge.tensor.FloatTensor;

/**
 * The selections evaluated on the fly while merging keep exactly the entries the stored masks keep: magnitude top-k
 * as a {@link MagnitudeCut} (large tensors) and DARE's draws as {@link RandomKeep}, compared element by element over
 * windows that start and end anywhere, on data with heavy ties, with 1 and 2 threads.
 */
class SelectionTest {
    static final int N = 600_001; // above RankSelect.SAMPLE_MIN, and not a whole number of chunks

    static float[][] data() {
        SplittableRandom r = new SplittableRandom(5);
        float[] gauss = new float[N];
        float[] ties = new float[N];
        float[] flat = new float[N];
        for (int i = 0; i < N; i++) {
            gauss[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
            ties[i] = FloatCodec.round(org.safemerge.io.DType.BF16, gauss[i] * 1e-3f); // bf16: many equal magnitudes
            flat[i] = i % 10 == 0 ? gauss[i] : -0.5f; // 90 % equal: the one-pass cut gives up, masks are used
        }
        return new float[][] {gauss, ties, flat};
    }

    static TensorGroup group(float[] a, float[] b, long seed, Workers w) {
        FloatTensor zero = FloatTensor.of(new float[N], N);
        return TensorGroup.of("model.layers.0.mlp.up_proj.weight", seed, zero, FloatTensor.of(a, N),
                FloatTensor.of(b, N)).withWorkers(w);
    }

    @Test
    void magnitudeCutKeepsWhatTheMaskKeeps() {
        float[][] data = data();
        double[][] densities = {{0.5, 0.5}, {0.1, 0.9}, {0.0, 1e-5}, {1.0, 0.3}, {0.999999, 0.75}};
        for (int d = 0; d < data.length; d++) {
            for (int threads : new int[] {1, 2}) {
                try (Workers w = Workers.create(threads)) {
                    float[][] models = {data[d], data[(d + 1) % data.length]}; // the task vectors: the base is 0
                    TensorGroup g = group(models[0], models[1], 0, w);
                    for (double[] density : densities) {
                        Selection[] selected = MagnitudeSparsifier.select(g, density);
                        Mask[] masks = MagnitudeSparsifier.masks(g, density);
                        for (int i = 0; i < 2; i++) {
                            String what = "data " + d + ", model " + i + ", density " + density[i];
                            if (density[i] >= 1) {
                                assertNull(selected[i], what);
                                continue;
                            }
                            if (d == 0) {
                                assertInstanceOf(MagnitudeCut.class, selected[i], what + ": the one-pass cut is used");
                            }
                            assertSame(masks[i], selected[i], models[i], what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void randomKeepDrawsWhatTheMaskDraws() {
        float[][] data = data();
        for (long seed : new long[] {0, 42, -7}) {
            for (int threads : new int[] {1, 2}) {
                try (Workers w = Workers.create(threads)) {
                    TensorGroup g = group(data[0], data[1], seed, w);
                    for (double[] density : new double[][] {{0.5, 0.1}, {0.0, 0.999}, {1.0, 0.3}}) {
                        Selection[] selected = RandomSparsifier.select(g, density);
                        Mask[] masks = RandomSparsifier.masks(g, density);
                        for (int i = 0; i < 2; i++) {
                            String what = "seed " + seed + ", model " + i + ", density " + density[i];
                            if (density[i] >= 1) {
                                assertNull(selected[i], what);
                                continue;
                            }
                            assertInstanceOf(RandomKeep.class, selected[i], what);
                            assertSame(masks[i], selected[i], null, what);
                        }
                    }
                }
            }
        }
    }

    /** Compares a selection with a mask over windows of many lengths and starts, and their counts. */
    static void assertSame(Mask mask, Selection s, float[] values, String what) {
        assertEquals(mask.count(), s.count(), what + ": kept count");
        float[] want = new float[N];
        float[] got = new float[N];
        float[] window = values == null ? null : new float[N];
        int[] lengths = {N, 777}; // whole, and windows that start and end inside chunks
        for (int len : lengths) {
            for (int from = len == N ? 0 : 13; from < N; from += len) {
                int count = Math.min(len, N - from);
                mask.expand(from, count, want);
                if (values != null) {
                    System.arraycopy(values, from, window, 0, count);
                }
                s.weights(from, count, window, got);
                for (int j = 0; j < count; j++) {
                    if (want[j] != got[j]) {
                        throw new AssertionError(what + ": element " + (from + j) + " kept " + got[j]
                                + ", mask says " + want[j] + " (window " + from + " + " + count + ", " + s + ")");
                    }
                }
            }
        }
    }
}
