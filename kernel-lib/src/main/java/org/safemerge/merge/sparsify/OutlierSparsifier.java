package org.safemerge.merge.sparsify;

import org.safemerge.merge.Mask;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.TensorGroup;

/**
 * Model Breadcrumbs: drop both the largest-magnitude outliers and the small entries of a task vector, keeping the
 * band in between.
 *
 * <p>With {@code N = numel}: {@code target = int(density N)}, {@code n_top = int(gamma N)},
 * {@code n_bot = N - target - n_top}; if {@code n_bot < 0} then {@code n_top += n_bot, n_bot = 0}, so exactly
 * {@code target} entries are kept: ascending-magnitude positions {@code [n_bot, N - n_top)}. density &ge; 1 keeps
 * everything.
 *
 * <p><b>Departure from mergekit (a bug fix):</b> mergekit slices {@code [n_bot:-n_top]}, which is empty when
 * {@code n_top == 0} (gamma = 0, or gamma N &lt; 1 as in small norm vectors) and zeroes the whole task vector.
 * SafeMerge keeps {@code [n_bot, N)} in that case, which is the documented intent.
 *
 * @see <a href="https://arxiv.org/abs/2312.06795">Model Breadcrumbs (Davari and Belilovsky, 2023)</a>
 */
public final class OutlierSparsifier {
    private OutlierSparsifier() {
    }

    /** @return {n_bot, n_top} for a tensor of {@code total} elements */
    public static long[] band(long total, double density, double gamma) {
        long target = (long) (density * total);
        long top = (long) (gamma * total);
        long bottom = total - target - top;
        if (bottom < 0) {
            top += bottom;
            bottom = 0;
        }
        return new long[] {bottom, top};
    }

    /** @return per model, the mask of kept entries, or null for a model kept whole (density &ge; 1) */
    public static Mask[] masks(TensorGroup g, double[] density, double[] gamma) {
        int n = g.size();
        long total = g.numel();
        long[] low = new long[n];
        long[] high = new long[n];
        for (int i = 0; i < n; i++) {
            long[] b = density[i] >= 1 ? new long[] {0, 0} : band(total, density[i], gamma[i]);
            low[i] = b[0];
            high[i] = total - b[1];
        }
        Mask[] masks = RankSelect.band(g, MagnitudeSparsifier::keys, low, high);
        for (int i = 0; i < n; i++) {
            masks[i] = density[i] >= 1 ? null : masks[i];
        }
        return masks;
    }
}
