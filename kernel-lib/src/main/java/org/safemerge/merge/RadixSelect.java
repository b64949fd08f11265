package org.safemerge.merge;

/**
 * Order statistics of an array of non-negative int keys by a two-level histogram (the high 16 bits, then the low 15
 * bits inside the wanted high bins): two linear passes whatever the data, where a quickselect partitions with
 * branches that mispredict on random keys. Used on the sampled keys that bracket a top-k cut
 * ({@link RankSelect#sampledTop}), where several ranks of the same sample are wanted at once.
 */
final class RadixSelect {
    private static final int LO_BITS = 15;
    private static final int HI_BINS = 1 << 16;
    private static final int LO_BINS = 1 << LO_BITS;

    private RadixSelect() {
    }

    /**
     * @param keys  non-negative keys (not modified)
     * @param ranks ascending positions, each in {@code [0, keys.length)}
     * @return per rank, the key at that position of {@code keys} sorted ascending
     */
    static int[] select(int[] keys, int... ranks) {
        int[] hi = new int[HI_BINS];
        for (int key : keys) {
            hi[key >>> LO_BITS]++;
        }
        int[] out = new int[ranks.length];
        int[] lo = new int[LO_BINS];
        for (int r = 0; r < ranks.length; r++) {
            int rank = ranks[r];
            if (rank < 0 || rank >= keys.length) {
                throw new IllegalArgumentException("rank " + rank + " outside [0, " + keys.length + ")");
            }
            int bin = 0;
            int before = 0;
            while (before + hi[bin] <= rank) {
                before += hi[bin++];
            }
            java.util.Arrays.fill(lo, 0);
            for (int key : keys) {
                if (key >>> LO_BITS == bin) { // few keys fall in one bin, so the branch predicts well
                    lo[key & (LO_BINS - 1)]++;
                }
            }
            int low = 0;
            while (before + lo[low] <= rank) {
                before += lo[low++];
            }
            out[r] = bin << LO_BITS | low;
        }
        return out;
    }
}
