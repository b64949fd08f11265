package org.safemerge.merge;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact order statistics over a tensor's elements without sorting or copying them: a two-level radix select on
 * non-negative 31-bit keys (the float bits of a magnitude, which order like the magnitudes). Two passes build a
 * 16-bit then a 15-bit histogram; an optional third pass counts ties per chunk so that membership can be decided
 * inside any chunk independently.
 *
 * <p>Elements are ordered by (key, index): among equal keys the lower index comes first, as in a stable ascending
 * sort. A {@link Cut} at rank {@code r} splits that order into the {@code r} elements below it and the rest.
 */
public final class RankSelect {
    private static final int HI_BINS = 1 << 16;
    private static final int LO_BITS = 15;
    private static final int LO_BINS = 1 << LO_BITS;

    private RankSelect() {
    }

    /** Computes the keys of one stream (e.g. one model's task vector) for a chunk. */
    @FunctionalInterface
    public interface Keys {
        /** Fills {@code keys[0 ..< c.length()]} with non-negative keys for stream {@code stream}. */
        void fill(Chunk c, int stream, int[] keys);
    }

    /** @return the key of a float magnitude: its bits with the sign cleared (orders like |x|; NaN above infinity) */
    public static int magnitudeKey(float x) {
        return Float.floatToRawIntBits(x) & 0x7FFFFFFF;
    }

    /**
     * Where ascending position {@code rank} falls: the elements below the cut are those with a key less than
     * {@code key}, plus the first {@code tiesBelow} elements (by index) whose key equals {@code key}.
     *
     * @param rank       the number of elements below the cut
     * @param total      the number of elements
     * @param key        the key of the element at position {@code rank} (meaningless when the cut is at an end)
     * @param tiesBelow  how many elements equal to {@code key} are below
     * @param tieOffsets per chunk, the number of elements equal to {@code key} in earlier chunks (null if not asked)
     */
    public record Cut(long rank, long total, int key, long tiesBelow, long[] tieOffsets) {
        /** @return true if every element is below the cut */
        public boolean allBelow() {
            return rank >= total;
        }


        /** @return the float whose key this cut sits at: the value at ascending position {@code rank} */
        public float value() {
            return Float.intBitsToFloat(key);
        }

        /**
         * Marks which of a chunk's elements are below the cut.
         *
         * @param chunk the chunk index (its tie offset is used)
         * @param keys  the chunk's keys
         * @param n     the chunk length
         * @param below receives true for elements below the cut
         */
        public void below(int chunk, int[] keys, int n, boolean[] below) {
            if (allBelow()) {
                java.util.Arrays.fill(below, 0, n, true);
                return;
            }
            long seen = tieOffsets[chunk];
            for (int j = 0; j < n; j++) {
                int k = keys[j];
                below[j] = k < key || (k == key && seen++ < tiesBelow);
            }
        }
    }

    /**
     * Finds cuts at the given ranks of every stream.
     *
     * @param ranks      {@code ranks[s]}: the ranks wanted in stream {@code s} (may be empty); a rank of at least
     *                   the element count gives a cut with everything below; negative ranks count as 0
     * @param tieOffsets whether to count ties per chunk (needed by {@link Cut#below})
     * @return {@code cuts[s][i]} for {@code ranks[s][i]}
     */
    public static Cut[][] cuts(TensorGroup g, ChunkGrid grid, Keys keys, long[][] wanted, boolean tieOffsets) {
        long[][] ranks = java.util.Arrays.stream(wanted).map(long[]::clone).toArray(long[][]::new);
        int streams = ranks.length;
        long total = grid.numel();
        int workers = g.workers().threads();
        Cut[][] out = new Cut[streams][];
        List<int[]> open = new ArrayList<>(); // {stream, index} of cuts not at an end
        for (int s = 0; s < streams; s++) {
            out[s] = new Cut[ranks[s].length];
            for (int i = 0; i < ranks[s].length; i++) {
                long r = ranks[s][i];
                if (r >= total) {
                    out[s][i] = new Cut(total, total, 0, 0, null);
                } else {
                    ranks[s][i] = Math.max(0, r);
                    open.add(new int[] {s, i});
                }
            }
        }
        if (open.isEmpty()) {
            return out;
        }
        boolean[] streamOpen = new boolean[streams];
        open.forEach(p -> streamOpen[p[0]] = true);

        // pass 1: histogram of the high 16 bits, per worker, per stream
        int[][][] hi = new int[workers][streams][];
        g.forEach(grid, c -> {
            int[] k = c.ints(0, c.length());
            for (int s = 0; s < streams; s++) {
                if (!streamOpen[s]) {
                    continue;
                }
                keys.fill(c, s, k);
                int[] h = hi[c.worker()][s];
                if (h == null) {
                    h = hi[c.worker()][s] = new int[HI_BINS];
                }
                for (int j = 0; j < c.length(); j++) {
                    h[k[j] >>> LO_BITS]++;
                }
            }
        });
        int n = open.size();
        int[] hiBin = new int[n];
        long[] lessHi = new long[n];
        for (int p = 0; p < n; p++) {
            int s = open.get(p)[0];
            long r = ranks[s][open.get(p)[1]];
            long cum = 0;
            int b = 0;
            for (; b < HI_BINS; b++) {
                long count = 0;
                for (int w = 0; w < workers; w++) {
                    count += hi[w][s] == null ? 0 : hi[w][s][b];
                }
                if (cum + count > r) {
                    break;
                }
                cum += count;
            }
            hiBin[p] = b;
            lessHi[p] = cum;
        }

        // pass 2: histogram of the low 15 bits inside each wanted high bin
        int[][][] lo = new int[workers][n][];
        g.forEach(grid, c -> {
            int[] k = c.ints(0, c.length());
            int filled = -1;
            for (int p = 0; p < n; p++) {
                int s = open.get(p)[0];
                if (s != filled) {
                    keys.fill(c, s, k);
                    filled = s;
                }
                int[] h = lo[c.worker()][p];
                if (h == null) {
                    h = lo[c.worker()][p] = new int[LO_BINS];
                }
                int bin = hiBin[p];
                for (int j = 0; j < c.length(); j++) {
                    if (k[j] >>> LO_BITS == bin) {
                        h[k[j] & (LO_BINS - 1)]++;
                    }
                }
            }
        });
        int[] key = new int[n];
        long[] tiesBelow = new long[n];
        for (int p = 0; p < n; p++) {
            int s = open.get(p)[0];
            long r = ranks[s][open.get(p)[1]];
            long cum = lessHi[p];
            int b = 0;
            for (; b < LO_BINS; b++) {
                long count = 0;
                for (int w = 0; w < workers; w++) {
                    count += lo[w][p] == null ? 0 : lo[w][p][b];
                }
                if (cum + count > r) {
                    break;
                }
                cum += count;
            }
            key[p] = hiBin[p] << LO_BITS | b;
            tiesBelow[p] = r - cum;
        }

        // pass 3: ties per chunk, so each chunk knows how many equal keys came before it
        long[][] offsets = null;
        if (tieOffsets) {
            long[][] ties = new long[n][grid.chunks()];
            g.forEach(grid, c -> {
                int[] k = c.ints(0, c.length());
                int filled = -1;
                for (int p = 0; p < n; p++) {
                    int s = open.get(p)[0];
                    if (s != filled) {
                        keys.fill(c, s, k);
                        filled = s;
                    }
                    int want = key[p];
                    long count = 0;
                    for (int j = 0; j < c.length(); j++) {
                        if (k[j] == want) {
                            count++;
                        }
                    }
                    ties[p][c.index()] = count;
                }
            });
            offsets = new long[n][];
            for (int p = 0; p < n; p++) {
                long[] prefix = new long[grid.chunks()];
                long cum = 0;
                for (int c = 0; c < prefix.length; c++) {
                    prefix[c] = cum;
                    cum += ties[p][c];
                }
                offsets[p] = prefix;
            }
        }
        for (int p = 0; p < n; p++) {
            int s = open.get(p)[0];
            int i = open.get(p)[1];
            out[s][i] = new Cut(ranks[s][i], total, key[p], tiesBelow[p], offsets == null ? null : offsets[p]);
        }
        return out;
    }
}
