package org.safemerge.merge.sparsify;

import org.safemerge.merge.Selection;

/**
 * What a sparsifier keeps of one model's task vector, and how it scales what it keeps:
 * {@code kept(j) ? delta[j] * scale * elementScale[j] : 0}.
 *
 * @param kept         the kept entries (a {@link org.safemerge.merge.Mask} or a rule on the task vector's values),
 *                     or null if every entry is kept
 * @param scale        a factor for every kept entry (rescaling); 1 if none
 * @param elementScale a factor per entry (DELLA's per-element 1/p in paper mode), or null
 */
public record SparseDelta(Selection kept, float scale, float[] elementScale) {
    /** The task vector unchanged. */
    public static final SparseDelta DENSE = new SparseDelta(null, 1f, null);

    /** @return a copy scaled by {@code factor} */
    public SparseDelta scaled(float factor) {
        return new SparseDelta(kept, scale * factor, elementScale);
    }

    /** @return true if nothing is dropped or scaled */
    public boolean isDense() {
        return kept == null && scale == 1f && elementScale == null;
    }

    /**
     * Applies this to a chunk of the task vector in place: {@code d[j]} is element {@code from + j}, not yet
     * modified (a {@link org.safemerge.merge.MagnitudeCut} reads its magnitudes).
     *
     * @param scratch a free buffer of at least {@code length} floats
     */
    public void applyTo(float[] d, int from, int length, float[] scratch) {
        if (isDense()) {
            return;
        }
        float s = scale;
        if (kept != null) {
            kept.weights(from, length, d, scratch);
            for (int j = 0; j < length; j++) {
                d[j] *= s * scratch[j];
            }
        } else if (s != 1f) {
            for (int j = 0; j < length; j++) {
                d[j] *= s;
            }
        }
        if (elementScale != null) {
            for (int j = 0; j < length; j++) {
                d[j] *= elementScale[from + j];
            }
        }
    }
}
