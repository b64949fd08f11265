package org.safemerge.merge.sparsify;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.safemerge.merge.Mask;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.Seeds;
import org.safemerge.merge.TensorGroup;

/**
 * DELLA's MagPrune: drop entries at random with a keep probability that grows with magnitude, row by row.
 *
 * <p>Within each row (the last dimension; a 1-D tensor is one row) entries are ranked by magnitude, ascending, and
 * the rank normalised to {@code r in [0, 1]}; the keep probability is {@code p = (density - epsilon) + 2 epsilon r},
 * so the smallest entry is kept with {@code density - epsilon} and the largest with {@code density + epsilon}.
 * density &ge; 1 keeps everything; density &le; 0 keeps nothing; otherwise {@code 0 < density - epsilon} and
 * {@code density + epsilon < 1} are required (as mergekit).
 *
 * <p>Departure from mergekit: a row of one element (0/0 in the normalised rank, unguarded there) gets
 * {@code r = 0.5}, i.e. {@code p = density}. Equal magnitudes are ranked by index.
 *
 * @see <a href="https://arxiv.org/abs/2406.11617">DELLA-Merging (Deep et al., 2024)</a>
 */
public final class DellaSparsifier {
    private DellaSparsifier() {
    }

    /**
     * The masks, and the keep probabilities of kept entries when asked for.
     *
     * @param masks         per model, the kept entries or null (kept whole)
     * @param inverseProbability per model, {@code 1/p} of each kept entry (0 elsewhere), or null
     */
    public record Result(Mask[] masks, float[][] inverseProbability) {
    }

    /**
     * @throws IllegalArgumentException if {@code 0 < density < 1} and the band {@code density +- epsilon} leaves
     *     {@code (0, 1)}
     */
    public static void check(double density, double epsilon) {
        if (density > 0 && density < 1 && !(density - epsilon > 0 && density + epsilon < 1)) {
            throw new IllegalArgumentException("della needs 0 < density - epsilon and density + epsilon < 1, got"
                    + " density " + density + " and epsilon " + epsilon);
        }
    }

    /** @param withProbabilities also return the per-element {@code 1/p} (DELLA's own rescaling) */
    public static Result masks(TensorGroup g, double[] density, double[] epsilon, boolean withProbabilities) {
        int n = g.size();
        Mask[] masks = new Mask[n];
        float[][] inverse = new float[n][];
        for (int i = 0; i < n; i++) {
            check(density[i], epsilon[i]);
            masks[i] = density[i] >= 1 ? null : Mask.empty(g.numel());
            if (masks[i] != null && withProbabilities && density[i] > 0) {
                inverse[i] = new float[g.numel()];
            }
        }
        int row = g.rowLength();
        g.forEach(g.rows(), c -> {
            long[] order = c.longs(0, row);
            boolean[] keep = c.flags(0, row);
            float[] prob = c.scratch(0);
            for (int i = 0; i < n; i++) {
                if (masks[i] == null || density[i] <= 0) {
                    continue;
                }
                float[] d = c.delta(i);
                for (int r = 0; r < c.rows(); r++) {
                    int off = r * row;
                    for (int j = 0; j < row; j++) {
                        order[j] = (long) RankSelect.magnitudeKey(d[off + j]) << 32 | j;
                    }
                    Arrays.sort(order, 0, row);
                    for (int pos = 0; pos < row; pos++) {
                        double rank = row == 1 ? 0.5 : pos / (double) (row - 1);
                        prob[(int) order[pos]] = (float) (density[i] - epsilon[i] + 2 * epsilon[i] * rank);
                    }
                    SplittableRandom rnd = g.random(i, c.firstRow() + r);
                    for (int j = 0; j < row; j++) {
                        keep[j] = (rnd.nextLong() >>> 32) < Seeds.threshold(prob[j]);
                        if (inverse[i] != null && keep[j]) {
                            inverse[i][c.from() + off + j] = 1f / prob[j];
                        }
                    }
                    masks[i].setAll(c.from() + off, keep, row);
                }
            }
        });
        return new Result(masks, withProbabilities ? inverse : null);
    }
}
