package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.safemerge.io.FloatCodec;
import org.safemerge.tensor.FloatTensor;

/** The radix select agrees with a full sort by (key, index), ties included, across chunks and thread counts. */
class RankSelectTest {
    @Test
    void cutsMatchASortWithManyTies() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 150_000; // three flat chunks
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // bf16-rounded values: only a few hundred distinct magnitudes, so ties at every cut
            v[i] = FloatCodec.bf16ToFloat(FloatCodec.floatToBf16((float) (r.nextDouble() * 2 - 1) * 0.01f));
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> RankSelect.magnitudeKey(v[i]))
                .thenComparingInt(i -> i));
        long[] ranks = {0, 1, 777, n / 2, n - 1, n};
        for (int threads : new int[] {1, 3}) {
            try (Workers w = Workers.create(threads)) {
                TensorGroup g = TensorGroup.of("x", null, FloatTensor.of(v, n)).withWorkers(w);
                RankSelect.Cut[] cuts = RankSelect.cuts(g, g.flat(), (c, s, k) -> {
                    float[] x = c.model(0);
                    for (int j = 0; j < c.length(); j++) {
                        k[j] = RankSelect.magnitudeKey(x[j]);
                    }
                }, new long[][] {ranks}, true)[0];
                for (int q = 0; q < ranks.length; q++) {
                    boolean[] below = new boolean[n];
                    RankSelect.Cut cut = cuts[q];
                    g.forEach(g.flat(), c -> {
                        int[] k = new int[c.length()];
                        boolean[] b = new boolean[c.length()];
                        float[] x = c.model(0);
                        for (int j = 0; j < c.length(); j++) {
                            k[j] = RankSelect.magnitudeKey(x[j]);
                        }
                        cut.below(c.index(), k, c.length(), b);
                        System.arraycopy(b, 0, below, c.from(), c.length());
                    });
                    boolean[] want = new boolean[n];
                    for (int p = 0; p < Math.min(ranks[q], n); p++) {
                        want[order[p]] = true;
                    }
                    assertEquals(Arrays.hashCode(want), Arrays.hashCode(below), "rank " + ranks[q] + ", threads "
                            + threads);
                    if (ranks[q] < n) {
                        assertEquals(Math.abs(v[order[(int) ranks[q]]]), cut.value(), "value at rank " + ranks[q]);
                    }
                }
            }
        }
    }

    /** Keys of model 0's values. */
    static final RankSelect.Keys KEYS = (c, s, k) -> {
        float[] x = c.model(s);
        for (int j = 0; j < c.length(); j++) {
            k[j] = RankSelect.magnitudeKey(x[j]);
        }
    };

    @Test
    void sampledBandsEqualExactOnesWhateverTheData() {
        int n = 600_000; // above SAMPLE_MIN: the one-pass sampled path
        SplittableRandom r = new SplittableRandom(3);
        float[] gauss = new float[n];
        float[] ties = new float[n];
        float[] flat = new float[n];
        float[] ramp = new float[n];
        for (int i = 0; i < n; i++) {
            gauss[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
            ties[i] = FloatCodec.bf16ToFloat(FloatCodec.floatToBf16(gauss[i] * 1e-3f));
            flat[i] = i % 10 == 0 ? gauss[i] : 0.5f; // 90 % equal: the windows overflow, the exact path is used
            ramp[i] = i < n / 2 ? i * 1e-6f : 1 + r.nextFloat(); // sorted halves: sampling blocks are correlated
        }
        long[][] bands = {{n / 2, n}, {n - 1, n}, {0, n}, {n, n}, {1000, n - 3000}, {0, 5}, {n / 3, n / 3},
                {n - 12345, n - 45}};
        for (float[] v : new float[][] {gauss, ties, flat, ramp}) {
            for (int threads : new int[] {1, 2}) {
                try (Workers w = Workers.create(threads)) {
                    TensorGroup g = TensorGroup.of("x", null, FloatTensor.of(v, n), FloatTensor.of(v, n))
                            .withWorkers(w);
                    boolean oneTie = v == flat;
                    assertEquals(oneTie, RankSelect.sampledBand(g, KEYS, new long[] {n / 2, n / 2},
                            new long[] {n, n}) == null, "the sampled path is taken unless ties overflow it");
                    for (long[] b : bands) {
                        long[] low = {b[0], b[0]};
                        long[] high = {b[1], b[1]};
                        Mask sampled = RankSelect.band(g, KEYS, low, high)[0];
                        Mask exact = RankSelect.exactBand(g, KEYS, low, high, 2, n)[0];
                        assertEquals(Math.max(0, Math.min(n, b[1]) - Math.max(0, b[0])), exact.count(),
                                "band " + Arrays.toString(b));
                        for (int i = 0; i < n; i++) {
                            if (sampled.get(i) != exact.get(i)) {
                                throw new AssertionError("band " + Arrays.toString(b) + " differs at " + i
                                        + " (threads " + threads + ")");
                            }
                        }
                    }
                }
            }
        }
    }
}
