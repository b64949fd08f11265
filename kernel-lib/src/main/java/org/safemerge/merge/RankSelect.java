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

    /** Computes the keys of one stream (e.g. one model's task vector) for a part of a chunk. */
    @FunctionalInterface
    public interface RangeKeys {
        /**
         * Fills {@code keys[0 ..< count]} with non-negative keys for stream {@code stream}, elements
         * {@code c.from() + offset ..}.
         */
        void fill(Chunk c, int stream, int offset, int count, int[] keys);
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
     * Fills {@code keys[0 ..< count]} with {@link #magnitudeKey} of {@code values[0 ..< count]}: the bits cross over
     * by a bulk copy (the JIT does not vectorise {@code floatToRawIntBits}), then one vectorised loop clears signs.
     */
    public static void magnitudeKeys(float[] values, int count, int[] keys) {
        java.lang.foreign.MemorySegment.copy(java.lang.foreign.MemorySegment.ofArray(values),
                java.lang.foreign.ValueLayout.JAVA_INT, 0, keys, 0, count);
        for (int j = 0; j < count; j++) {
            keys[j] &= 0x7FFFFFFF;
        }
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
                below[j] = k < key; // branch-free for the common case; equal keys are rare and predictable
                if (k == key) {
                    below[j] = seen++ < tiesBelow;
                }
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

    // ---- bands: which elements lie between two ranks ----

    /** Below this many elements a band is found exactly at once (sampling would not pay). */
    public static final int SAMPLE_MIN = 1 << 18;
    private static final int SAMPLE_BLOCK = 1024;
    private static final int SAMPLE_BLOCKS = 1024;

    /**
     * Marks, per stream, the elements whose position in the (key, index) order lies in {@code [low, high)}: the
     * entries magnitude top-k keeps ({@code low = N - k, high = N}) or Breadcrumbs' band.
     *
     * <p>Large tensors take one pass: a sample of ~1/64 of the keys (64 to 1024 evenly spaced blocks of 1024)
     * brackets each rank by a key
     * window wide enough for a 6-sigma sampling error; the pass decides every element outside the windows and
     * collects the few inside, which are then ranked exactly. If a window misses its rank or holds too many
     * elements (heavy ties), the exact three-pass histogram select ({@link #cuts}) is used instead. Both give the
     * same mask.
     *
     * @param low  per stream, the first kept position (0 or less: from the start)
     * @param high per stream, one past the last kept position (N or more: to the end)
     */
    public static Mask[] band(TensorGroup g, Keys keys, long[] low, long[] high) {
        int streams = low.length;
        long n = g.numel();
        if (n >= SAMPLE_MIN) {
            Mask[] sampled = sampledBand(g, keys, low, high);
            if (sampled != null) {
                return sampled;
            }
        }
        return exactBand(g, keys, low, high, streams, n);
    }

    /** The band from exact cuts (three histogram passes) and a marking pass. */
    static Mask[] exactBand(TensorGroup g, Keys keys, long[] low, long[] high, int streams, long n) {
        long[][] ranks = new long[streams][];
        for (int s = 0; s < streams; s++) {
            ranks[s] = new long[] {low[s], high[s]};
        }
        Cut[][] cuts = cuts(g, g.flat(), keys, ranks, true);
        Mask[] masks = new Mask[streams];
        for (int s = 0; s < streams; s++) {
            masks[s] = Mask.empty(g.numel());
        }
        g.forEach(g.flat(), c -> {
            int[] k = c.ints(0, c.length());
            boolean[] belowLow = c.flags(0, c.length());
            boolean[] belowHigh = c.flags(1, c.length());
            for (int s = 0; s < streams; s++) {
                if (low[s] >= high[s] || low[s] >= n) {
                    continue;
                }
                keys.fill(c, s, k);
                cuts[s][0].below(c.index(), k, c.length(), belowLow);
                cuts[s][1].below(c.index(), k, c.length(), belowHigh);
                for (int j = 0; j < c.length(); j++) {
                    belowHigh[j] = !belowLow[j] & belowHigh[j];
                }
                masks[s].setAll(c.from(), belowHigh, c.length());
            }
        });
        return masks;
    }

    /** A key window around one rank: keys below {@code lo} are before it, above {@code hi} after it. */
    private record Window(long rank, long lo, long hi) {
        /** Rank 0: no key is before it (key &lt; -1 never holds) and every key is after it (key &gt; -1). */
        static final Window BEFORE_ALL = new Window(0, -1, -1);
        /** Rank N: every key is before it and none after it. */
        static final Window AFTER_ALL = new Window(-1, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** @return the band from a sample and one pass, or null when the sample's windows do not hold */
    static Mask[] sampledBand(TensorGroup g, Keys keys, long[] low, long[] high) {
        int streams = low.length;
        long n = g.numel();
        int[][] sample = sample(g, keys, streams);
        Window[] lowW = new Window[streams];
        Window[] highW = new Window[streams];
        for (int s = 0; s < streams; s++) {
            lowW[s] = window(sample[s], low[s], n);
            highW[s] = window(sample[s], high[s], n);
        }
        long limit = Math.max(1 << 20, n / 8);
        java.util.concurrent.atomic.AtomicLong collected = new java.util.concurrent.atomic.AtomicLong();
        long[][][] candidates = new long[g.flat().chunks()][streams][];
        int[][] candidateCount = new int[g.flat().chunks()][streams];
        long[][][] counts = new long[g.flat().chunks()][streams][4]; // before low, in low, before high, in high
        Mask[] masks = new Mask[streams];
        for (int s = 0; s < streams; s++) {
            masks[s] = Mask.empty(g.numel());
        }
        g.forEach(g.flat(), c -> {
            int[] k = c.ints(0, c.length());
            int len = c.length();
            for (int s = 0; s < streams; s++) {
                if (collected.get() > limit) {
                    return;
                }
                keys.fill(c, s, k);
                int lowLo = clamp(lowW[s].lo());
                int lowHi = clamp(lowW[s].hi());
                int highLo = clamp(highW[s].lo());
                int highHi = clamp(highW[s].hi());
                long[] cnt = counts[c.index()][s];
                long beforeLow = 0;
                long inLowCount = 0;
                long beforeHigh = 0;
                long inHighCount = 0;
                long[] list = new long[64];
                int listed = 0;
                boolean toEnd = highLo == Integer.MAX_VALUE && highHi == Integer.MAX_VALUE; // top-k: no high cut
                for (int w0 = 0; w0 < len; w0 += 64) {
                    long bits = 0;
                    int end = Math.min(len, w0 + 64);
                    if (toEnd) {
                        for (int j = w0; j < end; j++) {
                            int key = k[j];
                            bits |= (key > lowHi ? 1L : 0L) << (j - w0); // decided: after the low rank
                            beforeLow += key < lowLo ? 1 : 0;
                            if (key >= lowLo & key <= lowHi) { // rare, so predictable (no short circuit: the
                                                              // first test alone is a coin flip)
                                inLowCount++;
                                if (listed == list.length) {
                                    list = java.util.Arrays.copyOf(list, listed * 2);
                                }
                                list[listed++] = (long) key << 31 | (c.from() + j);
                            }
                        }
                    } else {
                        for (int j = w0; j < end; j++) {
                            int key = k[j];
                            // decided here: after the low rank and before the high rank, by key alone
                            bits |= (key > lowHi & key < highLo ? 1L : 0L) << (j - w0);
                            beforeLow += key < lowLo ? 1 : 0;
                            beforeHigh += key < highLo ? 1 : 0;
                            boolean inLow = key >= lowLo & key <= lowHi;
                            boolean inHigh = key >= highLo & key <= highHi;
                            if (inLow | inHigh) {
                                inLowCount += inLow ? 1 : 0;
                                inHighCount += inHigh ? 1 : 0;
                                if (listed == list.length) {
                                    list = java.util.Arrays.copyOf(list, listed * 2);
                                }
                                list[listed++] = (long) key << 31 | (c.from() + j);
                            }
                        }
                    }
                    masks[s].orWord((c.from() + w0) >>> 6, bits);
                }
                cnt[0] = beforeLow;
                cnt[1] = inLowCount;
                cnt[2] = toEnd ? len : beforeHigh;
                cnt[3] = inHighCount;
                candidates[c.index()][s] = list;
                candidateCount[c.index()][s] = listed;
                collected.addAndGet(listed);
            }
        });
        if (collected.get() > limit) {
            return null;
        }
        for (int s = 0; s < streams; s++) {
            long lowPoint = point(lowW[s], s, 0, candidates, candidateCount, counts);
            long highPoint = point(highW[s], s, 2, candidates, candidateCount, counts);
            if (lowPoint == MISSED || highPoint == MISSED) {
                return null;
            }
            for (int c = 0; c < candidates.length; c++) {
                long[] list = candidates[c][s];
                for (int i = 0; i < candidateCount[c][s]; i++) {
                    long code = list[i];
                    if (code >= lowPoint && code < highPoint) {
                        masks[s].set((int) (code & 0x7FFFFFFFL));
                    }
                }
            }
        }
        return masks;
    }

    /**
     * Where magnitude top-k lands in each stream, found in one pass without marking any element: per stream, the
     * (key, index) code {@code key << 31 | index} of the element at ascending position {@code low[s]}, so that the
     * kept elements are those whose code is at least that ({@link MagnitudeCut}). A sample brackets each rank by a
     * key window as in {@link #band}; the pass counts the elements below each window and collects those inside
     * (key and index), which are then ranked exactly.
     *
     * @param low per stream, the number of elements not kept ({@code N - k}); 0 or less keeps all, N or more none
     * @return per stream the code ({@link Long#MIN_VALUE} when all are kept, {@link Long#MAX_VALUE} when none), or
     *     null when a window misses its rank or holds too many elements (heavy ties): use {@link #band} then
     */
    public static long[] sampledTop(TensorGroup g, RangeKeys keys, long[] low) {
        int streams = low.length;
        long n = g.numel();
        Window[] w = new Window[streams];
        int[][] sample = sample(g, (c, s, k) -> keys.fill(c, s, 0, c.length(), k), streams);
        // one stream per worker: these selections are serial work that would leave the other cores idle
        g.workers().forEach(streams, (worker, s) -> w[s] = window(sample[s], low[s], n));
        boolean any = false;
        for (int s = 0; s < streams; s++) {
            any |= w[s] != Window.BEFORE_ALL && w[s] != Window.AFTER_ALL;
        }
        long[] points = new long[streams];
        if (!any) {
            for (int s = 0; s < streams; s++) {
                points[s] = w[s] == Window.BEFORE_ALL ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return points;
        }
        long limit = Math.max(1 << 20, n / 8);
        java.util.concurrent.atomic.AtomicLong collected = new java.util.concurrent.atomic.AtomicLong();
        ChunkGrid grid = g.flat();
        int chunks = grid.chunks();
        long[][][] candidates = new long[chunks][streams][];
        int[][] candidateCount = new int[chunks][streams];
        long[][][] counts = new long[chunks][streams][4]; // before the window, in it (slots 0 and 1 of point())
        g.forEach(grid, c -> {
            if (collected.get() > limit) {
                return;
            }
            // part by part, so that the base, task vector, key and flag buffers stay in the caches
            int[] k = c.ints(0, Chunk.PART);
            int[] in = c.ints(1, Chunk.PART);
            Collector[] per = new Collector[streams];
            for (int off = 0; off < c.length(); off += Chunk.PART) {
                int len = Math.min(Chunk.PART, c.length() - off);
                for (int s = 0; s < streams; s++) {
                    if (w[s] == Window.BEFORE_ALL || w[s] == Window.AFTER_ALL) {
                        continue;
                    }
                    keys.fill(c, s, off, len, k);
                    if (per[s] == null) {
                        per[s] = new Collector();
                    }
                    per[s].add(k, in, len, clamp(w[s].lo()), clamp(w[s].hi()), c.from() + off);
                }
            }
            for (int s = 0; s < streams; s++) {
                if (per[s] != null) {
                    counts[c.index()][s][0] = per[s].below;
                    counts[c.index()][s][1] = per[s].listed;
                    candidates[c.index()][s] = per[s].list;
                    candidateCount[c.index()][s] = per[s].listed;
                    collected.addAndGet(per[s].listed);
                }
            }
        });
        if (collected.get() > limit) {
            return null;
        }
        g.workers().forEach(streams, (worker, s) -> points[s] = point(w[s], s, 0, candidates, candidateCount, counts));
        for (long p : points) {
            if (p == MISSED) {
                return null;
            }
        }
        return points;
    }

    /**
     * One stream's keys within a window {@code [lo, hi]} in one chunk, with their indices, and the count of keys
     * below {@code lo}, gathered part by part.
     *
     * <p>A few percent of the keys fall in the window (whole groups of tied magnitudes, as bf16 task vectors have
     * few distinct values), spread all over the chunk: too many for a branch per key or per group of keys (they
     * mispredict). So one vectorised pass counts and flags them, and a branch-free pass writes every element's code
     * at the end of the list and moves the end past it only for those in the window.
     */
    private static final class Collector {
        long below;
        long[] list = new long[64];
        int listed;

        /**
         * @param k     the part's keys
         * @param in    a free buffer of at least {@code n} ints
         * @param first the index of the element whose key is {@code k[0]}
         */
        void add(int[] k, int[] in, int n, int lo, int hi, int first) {
            int partBelow = 0;
            int inside = 0;
            for (int j = 0; j < n; j++) {
                int key = k[j];
                partBelow += (key - lo) >>> 31; // keys and bounds are in [-1, 2^31): differences cannot overflow
                int flag = ~((key - lo) | (hi - key)); // negative iff the key is in the window
                in[j] = flag;
                inside += flag >>> 31;
            }
            below += partBelow;
            if (inside == 0) {
                return;
            }
            if (listed + inside + 1 > list.length) { // + 1: the loop below writes one code past the last hit
                list = java.util.Arrays.copyOf(list, Math.max(2 * list.length, listed + inside + 1));
            }
            int at = listed;
            for (int j = 0; j < n; j++) {
                list[at] = (long) k[j] << 31 | (first + j);
                at -= in[j] >> 31; // in[j] is negative (-1 after the shift) for a key in the window
            }
            listed = at;
        }
    }

    /** @return per stream, the keys of about one element in 64 (64 to 1024 evenly spaced blocks of 1024) */
    private static int[][] sample(TensorGroup g, Keys keys, int streams) {
        long n = g.numel();
        ChunkGrid blocks = new ChunkGrid((int) n, SAMPLE_BLOCK, 1);
        int count = Math.min(blocks.chunks(), Math.max(64, Math.min(SAMPLE_BLOCKS, blocks.chunks() / 64)));
        int[] picked = new int[count];
        for (int b = 0; b < count; b++) {
            picked[b] = (int) ((long) b * (blocks.chunks() - 1) / Math.max(1, count - 1));
        }
        int[][] sample = new int[streams][count * SAMPLE_BLOCK];
        int[] filled = new int[count];
        g.forChunks(blocks, picked, c -> {
            int slot = java.util.Arrays.binarySearch(picked, c.index());
            int[] k = c.ints(0, c.length());
            for (int s = 0; s < streams; s++) {
                keys.fill(c, s, k);
                System.arraycopy(k, 0, sample[s], slot * SAMPLE_BLOCK, c.length());
            }
            filled[slot] = c.length();
        });
        int size = 0;
        for (int f : filled) {
            size += f;
        }
        int[][] out = new int[streams][];
        for (int s = 0; s < streams; s++) {
            out[s] = java.util.Arrays.copyOf(sample[s], size);
        }
        return out;
    }

    private static final long MISSED = Long.MIN_VALUE + 1;

    /** @return a window bound as an int key (the sentinels become -1 and the largest key) */
    private static int clamp(long bound) {
        return (int) Math.max(-1, Math.min(Integer.MAX_VALUE, bound));
    }

    /** @return a key window around {@code rank} from the sample's keys (6 sigma of the sampling error plus a margin) */
    private static Window window(int[] sample, long rank, long n) {
        if (rank <= 0) {
            return Window.BEFORE_ALL;
        }
        if (rank >= n) {
            return Window.AFTER_ALL;
        }
        int size = sample.length;
        double q = rank / (double) n;
        double pos = q * size;
        double margin = 6 * Math.sqrt(size * q * (1 - q)) + 32;
        int lo = (int) Math.floor(pos - margin);
        int hi = (int) Math.ceil(pos + margin);
        if (lo < 0 && hi >= size) {
            return new Window(rank, 0, Integer.MAX_VALUE);
        }
        if (lo < 0) {
            return new Window(rank, 0, RadixSelect.select(sample, hi)[0]);
        }
        if (hi >= size) {
            return new Window(rank, RadixSelect.select(sample, lo)[0], Integer.MAX_VALUE);
        }
        int[] bounds = RadixSelect.select(sample, lo, hi);
        return new Window(rank, bounds[0], bounds[1]);
    }

    /**
     * @return the (key, index) code of the element at the window's rank, so that an element is before the rank
     *     iff its code is smaller; {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} for ranks at the ends; MISSED
     *     if the window does not contain the rank
     */
    private static long point(Window w, int s, int slot, long[][][] candidates, int[][] candidateCount,
                              long[][][] counts) {
        if (w == Window.BEFORE_ALL) {
            return Long.MIN_VALUE;
        }
        if (w == Window.AFTER_ALL) {
            return Long.MAX_VALUE;
        }
        long before = 0;
        long inside = 0;
        for (long[][] c : counts) {
            before += c[s][slot];
            inside += c[s][slot + 1];
        }
        if (w.rank() < before || w.rank() >= before + inside) {
            return MISSED;
        }
        // the key at the rank by a histogram select, then its tie among equal keys by index: the candidates are
        // listed in index order (chunk by chunk, each ascending), so counting equal keys in list order finds it
        int[] keys = new int[(int) inside];
        int at = 0;
        for (int c = 0; c < candidates.length; c++) {
            long[] list = candidates[c][s];
            for (int i = 0; i < candidateCount[c][s]; i++) {
                long key = list[i] >>> 31;
                if (key >= w.lo() && key <= w.hi()) {
                    keys[at++] = (int) key;
                }
            }
        }
        int rank = (int) (w.rank() - before);
        int key = RadixSelect.select(keys, rank)[0];
        int less = 0;
        for (int k : keys) {
            less += k < key ? 1 : 0;
        }
        int tie = rank - less; // how many elements with this key come before the one at the rank
        for (int c = 0; c < candidates.length; c++) {
            long[] list = candidates[c][s];
            for (int i = 0; i < candidateCount[c][s]; i++) {
                if (list[i] >>> 31 == key && tie-- == 0) {
                    return list[i];
                }
            }
        }
        throw new IllegalStateException("rank " + w.rank() + " not among the candidates");
    }
}
