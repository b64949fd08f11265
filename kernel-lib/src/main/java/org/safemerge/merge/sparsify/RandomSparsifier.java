package org.safemerge.merge.sparsify;

import java.util.SplittableRandom;
import org.safemerge.merge.Mask;
import org.safemerge.merge.Seeds;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;

/**
 * DARE's drop step: keep each entry of a task vector independently with probability {@code density}.
 *
 * <p>density &ge; 1 keeps everything (no mask). Draws come from a stream per (seed, tensor, model, chunk), so a
 * merge is byte-identical for the same seed whatever the number of threads.
 *
 * @see <a href="https://arxiv.org/abs/2311.03099">DARE (Yu et al., 2023)</a>
 */
public final class RandomSparsifier {
    private RandomSparsifier() {
    }

    /** @return per model, the mask of kept entries, or null for a model kept whole (density &ge; 1) */
    public static Mask[] masks(TensorGroup g, double[] density) {
        int n = g.size();
        Mask[] masks = new Mask[n];
        for (int i = 0; i < n; i++) {
            masks[i] = density[i] >= 1 ? null : Mask.empty(g.numel());
        }
        g.forEach(g.flat(), c -> {
            boolean[] keep = c.flags(0, c.length());
            for (int i = 0; i < n; i++) {
                if (masks[i] == null) {
                    continue;
                }
                draw(g.random(i, c.index()), density[i], keep, c.length());
                masks[i].setAll(c.from(), keep, c.length());
            }
        });
        return masks;
    }

    /**
     * The same entries as {@link #masks}, as draws recomputed by each pass that reads them ({@link RandomKeep}):
     * no pass and no memory to hold them.
     *
     * @return per model, what is kept, or null for a model kept whole (density &ge; 1)
     */
    public static Selection[] select(TensorGroup g, double[] density) {
        Selection[] out = new Selection[g.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = density[i] >= 1 ? null : new RandomKeep(g, i, density[i]);
        }
        return out;
    }

    /** Fills {@code keep[0 ..< count]} with Bernoulli(p) draws, two per 64-bit random number. */
    static void draw(SplittableRandom rnd, double p, boolean[] keep, int count) {
        long threshold = Seeds.threshold(p);
        for (int j = 0; j < count; j += 2) {
            long r = rnd.nextLong();
            keep[j] = (r & 0xFFFFFFFFL) < threshold;
            if (j + 1 < count) {
                keep[j + 1] = (r >>> 32) < threshold;
            }
        }
    }
}
