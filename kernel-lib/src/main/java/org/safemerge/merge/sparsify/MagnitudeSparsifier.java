package org.safemerge.merge.sparsify;

import org.safemerge.merge.Chunk;
import org.safemerge.merge.MagnitudeCut;
import org.safemerge.merge.Mask;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;

/**
 * TIES' trim step: keep the {@code k = int(density * numel)} entries of largest magnitude of each task vector,
 * per tensor, and drop the rest.
 *
 * <ul>
 *   <li>density &ge; 1 keeps everything (no mask), as mergekit.</li>
 *   <li>Exactly k entries are kept. Among entries of equal magnitude at the threshold, those with the higher index
 *       are kept (a stable ascending sort, keep the last k); torch's topk leaves this order unspecified.</li>
 *   <li>k = 0 keeps nothing. mergekit asserts k &gt; 0 and stops the merge (e.g. a 32-element norm with density
 *       0.01); SafeMerge drops that tensor's task vector instead, which is what density asks for.</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2306.01708">TIES-Merging (Yadav et al., 2023)</a>
 */
public final class MagnitudeSparsifier {
    private MagnitudeSparsifier() {
    }

    /** @return per model, the mask of kept entries, or null for a model kept whole (density &ge; 1) */
    public static Mask[] masks(TensorGroup g, double[] density) {
        int n = g.size();
        long total = g.numel();
        long[] low = low(total, density);
        long[] high = new long[n];
        java.util.Arrays.fill(high, total);
        Mask[] masks = RankSelect.band(g, MagnitudeSparsifier::keys, low, high);
        for (int i = 0; i < n; i++) {
            masks[i] = density[i] >= 1 ? null : masks[i];
        }
        return masks;
    }

    /**
     * The same entries as {@link #masks}, as rules evaluated on the task vectors while merging
     * ({@link MagnitudeCut}) where a sample allows finding them in one pass (large tensors), as masks otherwise.
     *
     * @return per model, what is kept, or null for a model kept whole (density &ge; 1)
     */
    public static Selection[] select(TensorGroup g, double[] density) {
        int n = g.size();
        long total = g.numel();
        long[] low = low(total, density);
        long[] points = total >= RankSelect.SAMPLE_MIN
                ? RankSelect.sampledTop(g, MagnitudeSparsifier::partKeys, low) : null;
        if (points == null) {
            return masks(g, density);
        }
        Selection[] out = new Selection[n];
        for (int i = 0; i < n; i++) {
            out[i] = density[i] >= 1 ? null : new MagnitudeCut(points[i], total - Math.min(total, low[i]));
        }
        return out;
    }

    /** @return per model, how many entries are not kept: {@code N - int(density * N)} (0 for density &ge; 1) */
    private static long[] low(long total, double[] density) {
        long[] low = new long[density.length];
        for (int i = 0; i < density.length; i++) {
            low[i] = density[i] >= 1 ? 0 : total - (long) (density[i] * total);
        }
        return low;
    }

    /** Magnitude keys of model {@code i}'s task vector in a part of a chunk. */
    static void partKeys(Chunk c, int i, int offset, int count, int[] keys) {
        RankSelect.magnitudeKeys(c.delta(i, offset, count), count, keys);
    }

    /** Magnitude keys of model {@code i}'s task vector in a chunk. */
    static void keys(Chunk c, int i, int[] keys) {
        RankSelect.magnitudeKeys(c.delta(i), c.length(), keys);
    }
}
