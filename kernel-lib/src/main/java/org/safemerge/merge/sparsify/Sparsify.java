package org.safemerge.merge.sparsify;

import org.safemerge.merge.Mask;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * The sparsifiers applied to plain tensors, for tests and notebooks: each returns a new tensor with the dropped
 * entries set to zero.
 *
 * <pre>
 * FloatTensor kept = Sparsify.magnitude(taskVector, 0.2);                 // top 20 % by magnitude
 * FloatTensor dare = Sparsify.random(taskVector, 0.1, 42);                // DARE, seed 42, no rescale
 * FloatTensor back = Sparsify.rescaled(taskVector, dare, Rescale.Norm.L1); // mergekit's rescale
 * </pre>
 */
public final class Sparsify {
    private Sparsify() {
    }

    /** @return {@code x} with all but its {@code int(density * numel)} largest-magnitude entries zeroed */
    public static FloatTensor magnitude(FloatTensor x, double density) {
        return apply(x, MagnitudeSparsifier.masks(group(x, 0), new double[] {density})[0]);
    }

    /** @return {@code x} with each entry kept with probability {@code density} (no rescaling) */
    public static FloatTensor random(FloatTensor x, double density, long seed) {
        return apply(x, RandomSparsifier.masks(group(x, seed), new double[] {density})[0]);
    }

    /** @return {@code x} with Breadcrumbs' band kept: the top {@code gamma} outliers and the small entries dropped */
    public static FloatTensor outliers(FloatTensor x, double density, double gamma) {
        return apply(x, OutlierSparsifier.masks(group(x, 0), new double[] {density}, new double[] {gamma})[0]);
    }

    /** @return {@code x} after DELLA's MagPrune (no rescaling) */
    public static FloatTensor della(FloatTensor x, double density, double epsilon, long seed) {
        return apply(x, DellaSparsifier.masks(group(x, seed), new double[] {density}, new double[] {epsilon},
                false).masks()[0]);
    }

    /** @return {@code masked} scaled by {@code norm(orig) / norm(masked)} (unchanged below the norm guard) */
    public static FloatTensor rescaled(FloatTensor orig, FloatTensor masked, Rescale.Norm norm) {
        float f = (float) Rescale.factor(orig.data(), masked.data(), norm);
        float[] out = masked.data().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= f;
        }
        return new FloatTensor(masked.shape(), out);
    }

    /** @return a copy of {@code x} with the entries outside {@code mask} zeroed (null keeps all) */
    public static FloatTensor apply(FloatTensor x, Mask mask) {
        float[] out = x.data().clone();
        if (mask != null) {
            for (int i = 0; i < out.length; i++) {
                if (!mask.get(i)) {
                    out[i] = 0f;
                }
            }
        }
        return new FloatTensor(x.shape(), out);
    }

    private static TensorGroup group(FloatTensor x, long seed) {
        return TensorGroup.of("x", seed, null, x);
    }
}
