package org.safemerge.merge.sparsify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.safemerge.merge.Mask;
import org.safemerge.merge.TensorGroup;
import org.safemerge.merge.Workers;
import org.safemerge.tensor.FloatTensor;

/**
 * The sparsifiers alone (mergekit's test_sparsify.py cases on a 128x64 standard normal tensor, plus the departures
 * and the determinism SafeMerge adds).
 */
class SparsifyTest {
    static FloatTensor randn(long seed, int rows, int cols) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        return FloatTensor.of(v, rows, cols);
    }

    static long nonzero(FloatTensor t) {
        long n = 0;
        for (float v : t.data()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    final FloatTensor x = randn(11, 128, 64);
    final int n = 128 * 64;

    @Test
    void magnitudeKeepsExactlyTheLargest() {
        assertArrayEquals(x.data(), Sparsify.magnitude(x, 1.0).data(), "density 1 is the identity");
        FloatTensor half = Sparsify.magnitude(x, 0.5);
        assertEquals(n / 2, nonzero(half), "density 0.5 keeps exactly half");
        float smallestKept = Float.MAX_VALUE;
        float largestDropped = 0;
        for (int i = 0; i < n; i++) {
            float m = Math.abs(x.data()[i]);
            if (half.data()[i] != 0) {
                smallestKept = Math.min(smallestKept, m);
                assertEquals(x.data()[i], half.data()[i]);
            } else {
                largestDropped = Math.max(largestDropped, m);
            }
        }
        assertTrue(smallestKept >= largestDropped, "every kept entry is at least as large as every dropped one");
        // mergekit asserts k > 0; SafeMerge drops everything (density 0, or density * numel < 1)
        assertEquals(0, nonzero(Sparsify.magnitude(x, 0.0)));
        assertEquals(0, nonzero(Sparsify.magnitude(FloatTensor.of(new float[] {1, 2, 3}, 3), 0.1)));
    }

    @Test
    void magnitudeBreaksTiesByIndex() {
        // four equal magnitudes, keep 2: the two with the higher index (stable ascending sort, keep the last k)
        FloatTensor t = FloatTensor.of(new float[] {1, -1, 1, -1}, 4);
        assertArrayEquals(new float[] {0, 0, 1, -1}, Sparsify.magnitude(t, 0.5).data());
    }

    @Test
    void outliersKeepTheDensityTarget() {
        for (double gamma0 : new double[] {0.1, 0.2, 0.5, 1.0}) {
            for (int d = 1; d <= 10; d++) {
                double density = d / 10.0;
                double gamma = gamma0 * (1 - density);
                FloatTensor kept = Sparsify.outliers(x, density, gamma);
                long want = density >= 1 ? n : (long) (n * density);
                assertEquals(want, nonzero(kept), "density " + density + ", gamma " + gamma);
            }
        }
    }

    @Test
    void outliersWithoutTopDropKeepTheLargest() {
        // gamma 0: mergekit's [n_bot:-0] slice is empty and zeroes everything; SafeMerge keeps the top int(0.3 n)
        FloatTensor kept = Sparsify.outliers(x, 0.3, 0.0);
        assertEquals((long) (0.3 * n), nonzero(kept));
        assertArrayEquals(Sparsify.magnitude(x, 0.3).data(), kept.data());
        // a 1-D norm vector of 32 entries with gamma 0.01 (gamma * N < 1): same rule
        FloatTensor norm = randn(3, 1, 32);
        assertEquals(16, nonzero(Sparsify.outliers(norm, 0.5, 0.01)));
    }

    @Test
    void randomKeepsAboutDensityAndIsSeeded() {
        assertArrayEquals(x.data(), Sparsify.random(x, 1.0, 1).data(), "density 1 is the identity");
        for (double p : new double[] {0.1, 0.5, 0.9}) {
            long kept = nonzero(Sparsify.random(x, p, 7));
            double sigma = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(kept - n * p) < 5 * sigma, "density " + p + " kept " + kept + " of " + n);
        }
        assertArrayEquals(Sparsify.random(x, 0.3, 42).data(), Sparsify.random(x, 0.3, 42).data(), "same seed");
        assertTrue(!java.util.Arrays.equals(Sparsify.random(x, 0.3, 42).data(), Sparsify.random(x, 0.3, 43).data()),
                "another seed draws another mask");
    }

    @Test
    void randomRescaleKeepsTheL1NormOnAverage() {
        // mergekit's test: mean L1 of rescaled DARE over many draws within 1 % of the original (rescale per draw
        // is exact here, so every draw matches)
        double orig = Rescale.norm(x.data(), Rescale.Norm.L1);
        double sum = 0;
        for (int s = 0; s < 50; s++) {
            FloatTensor dropped = Sparsify.random(x, 0.5, s);
            sum += Rescale.norm(Sparsify.rescaled(x, dropped, Rescale.Norm.L1).data(), Rescale.Norm.L1);
        }
        assertEquals(orig, sum / 50, orig * 0.01);
    }

    @Test
    void rescaleKeepsTheChosenNorm() {
        FloatTensor masked = Sparsify.magnitude(x, 0.3);
        for (Rescale.Norm norm : new Rescale.Norm[] {Rescale.Norm.L1, Rescale.Norm.L2, Rescale.Norm.LINF}) {
            double want = Rescale.norm(x.data(), norm);
            double got = Rescale.norm(Sparsify.rescaled(x, masked, norm).data(), norm);
            assertEquals(want, got, want * 1e-2, norm.toString());
        }
        // below the 1e-7 guard nothing is scaled
        FloatTensor tiny = FloatTensor.of(new float[] {1e-9f, 0}, 2);
        assertArrayEquals(tiny.data(), Sparsify.rescaled(tiny, tiny, Rescale.Norm.L1).data());
    }

    @Test
    void normFactorsOverChunksMatchTheWholeTensorFormula() {
        FloatTensor big = randn(2, 400, 300); // two chunks
        TensorGroup g = TensorGroup.of("w", null, big);
        Mask[] masks = MagnitudeSparsifier.masks(g, new double[] {0.2});
        FloatTensor masked = Sparsify.apply(big, masks[0]);
        for (Rescale.Norm norm : new Rescale.Norm[] {Rescale.Norm.L1, Rescale.Norm.L2, Rescale.Norm.LINF}) {
            assertEquals(Rescale.factor(big.data(), masked.data(), norm), Rescale.normFactors(g, masks, norm)[0],
                    1e-5, norm.toString());
        }
    }

    @Test
    void dellaPrefersLargeMagnitudesAndChecksItsBand() {
        FloatTensor kept = Sparsify.della(x, 0.5, 0.3, 9);
        double p = 0.5;
        double sigma = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(nonzero(kept) - n * p) < 5 * sigma, "keeps about density: " + nonzero(kept));
        // within rows, the larger half is kept with probability ~0.65 and the smaller with ~0.35
        long keptLarge = 0;
        long keptSmall = 0;
        for (int r = 0; r < 128; r++) {
            float[] row = java.util.Arrays.copyOfRange(x.data(), r * 64, r * 64 + 64);
            float[] sorted = row.clone();
            for (int j = 0; j < 64; j++) {
                sorted[j] = Math.abs(sorted[j]);
            }
            java.util.Arrays.sort(sorted);
            float median = sorted[32];
            for (int j = 0; j < 64; j++) {
                boolean k = kept.data()[r * 64 + j] != 0;
                if (Math.abs(row[j]) >= median) {
                    keptLarge += k ? 1 : 0;
                } else {
                    keptSmall += k ? 1 : 0;
                }
            }
        }
        assertTrue(keptLarge > keptSmall * 1.5, "large " + keptLarge + " vs small " + keptSmall);
        assertArrayEquals(kept.data(), Sparsify.della(x, 0.5, 0.3, 9).data(), "seeded");
        assertEquals(n, nonzero(Sparsify.della(x, 1.0, 0.1, 1)), "density 1 keeps all");
        assertEquals(0, nonzero(Sparsify.della(x, 0.0, 0.1, 1)), "density 0 keeps none");
        // mergekit's test: epsilon 1.35 with density 0.66 is refused
        assertThrows(IllegalArgumentException.class, () -> Sparsify.della(x, 0.66, 1.35, 1));
        // a one-element row (0/0 in mergekit) is kept with probability density
        assertEquals(1, Sparsify.della(FloatTensor.of(new float[] {3}, 1), 0.9999, 0.00005, 4).data().length);
    }

    @Test
    void masksDoNotDependOnTheThreadCount() {
        FloatTensor big = randn(4, 512, 300); // three chunks, rows not aligned to 64-bit words
        for (String kind : new String[] {"random", "della", "magnitude", "outliers"}) {
            float[] one = null;
            for (int threads : new int[] {1, 2, 5}) {
                try (Workers w = Workers.create(threads)) {
                    TensorGroup g = TensorGroup.of("layers.3.w", 77, null, big).withWorkers(w);
                    Mask m = switch (kind) {
                        case "random" -> RandomSparsifier.masks(g, new double[] {0.3})[0];
                        case "della" -> DellaSparsifier.masks(g, new double[] {0.4}, new double[] {0.2}, false)
                                .masks()[0];
                        case "magnitude" -> MagnitudeSparsifier.masks(g, new double[] {0.25})[0];
                        default -> OutlierSparsifier.masks(g, new double[] {0.25}, new double[] {0.05})[0];
                    };
                    float[] got = Sparsify.apply(big, m).data();
                    if (one == null) {
                        one = got;
                    } else {
                        assertArrayEquals(one, got, kind + " with " + threads + " threads");
                    }
                }
            }
        }
    }
}
