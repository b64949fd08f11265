package org.safemerge.merge.sparsify;

import org.safemerge.merge.Mask;

/**
 * What a sparsifier keeps of one model's task vector, and how it scales what it keeps:
 * {@code kept(j) ? delta[j] * scale * elementScale[j] : 0}.
 *
 * @param mask         the kept entries, or null if every entry is kept
 * @param scale        a factor for every kept entry (rescaling); 1 if none
 * @param elementScale a factor per entry (DELLA's per-element 1/p in paper mode), or null
 */
public record SparseDelta(Mask mask, float scale, float[] elementScale) {
    /** The task vector unchanged. */
    public static final SparseDelta DENSE = new SparseDelta(null, 1f, null);

    /** @return a copy scaled by {@code factor} */
    public SparseDelta scaled(float factor) {
        return new SparseDelta(mask, scale * factor, elementScale);
    }

    /** @return true if nothing is dropped or scaled */
    public boolean isDense() {
        return mask == null && scale == 1f && elementScale == null;
    }

    /**
     * Applies this to a chunk of the task vector in place: {@code d[j]} is element {@code from + j}.
     *
     * @param scratch a free buffer of at least {@code length} floats
     */
    public void applyTo(float[] d, int from, int length, float[] scratch) {
        if (isDense()) {
            return;
        }
        float s = scale;
        if (mask != null) {
            mask.expand(from, length, scratch);
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
