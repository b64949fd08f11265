package org.safemerge.merge;

/**
 * Which entries of a tensor a sparsifier keeps, read chunk by chunk as 0/1 factors: a {@link Mask} of stored bits,
 * or a rule evaluated on the values themselves ({@link MagnitudeCut}), which needs no pass to build and no memory.
 */
public interface Selection {
    /**
     * Writes 1f for each kept and 0f for each dropped element of {@code [from, from + count)} into
     * {@code dst[0 ..< count]}.
     *
     * @param values the values the selection was made on, {@code values[j]} being element {@code from + j} (rules
     *               such as {@link MagnitudeCut} read them; a {@link Mask} does not)
     */
    void weights(int from, int count, float[] values, float[] dst);

    /** @return the number of kept elements */
    long count();
}
