package org.safemerge.merge.sparsify;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.safemerge.merge.ChunkGrid;
import org.safemerge.merge.Seeds;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;

/**
 * DARE's kept entries of one model's task vector as draws recomputed on demand instead of a stored mask: exactly
 * the entries {@link RandomSparsifier#masks} keeps (same seeds, same streams, same order), computed in loops the JIT
 * vectorises, so that the passes that read them (rescaling, merging) need no pass to draw them first and no memory.
 *
 * <p>Element {@code e} lies in chunk {@code c = e / }{@value ChunkGrid#CHUNK} of the flat grid, whose stream is
 * {@code new SplittableRandom(Seeds.mix(seed, tensor, model, c))}; its draw is half of that stream's
 * {@code (e mod CHUNK) / 2}-th {@code nextLong()} (the low half for even positions, the high half for odd ones),
 * kept when below {@link Seeds#threshold}. The stream is SplitMix64: the k-th value is {@code mix64(s + k * gamma)},
 * which is what {@link java.util.SplittableRandom} computes one value at a time (a test checks they agree).
 */
public final class RandomKeep implements Selection {
    /** {@link java.util.SplittableRandom}'s gamma for a generator made from a seed. */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final int BLOCK = 2048;
    private static final ThreadLocal<long[]> DRAWS = ThreadLocal.withInitial(() -> new long[BLOCK]);
    private static final ThreadLocal<int[]> HALVES = ThreadLocal.withInitial(() -> new int[2 * BLOCK]);
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final long threshold;
    private final int numel;
    private final long[] chunkSeeds;

    /**
     * @param model   the model's index in the group (its streams)
     * @param density the keep probability, in [0, 1)
     */
    public RandomKeep(TensorGroup g, int model, double density) {
        if (!(density < 1)) {
            throw new IllegalArgumentException("a density below 1 keeps a random part; got " + density);
        }
        this.threshold = Seeds.threshold(density);
        this.numel = g.numel();
        ChunkGrid grid = g.flat();
        this.chunkSeeds = new long[grid.chunks()];
        for (int c = 0; c < chunkSeeds.length; c++) {
            chunkSeeds[c] = Seeds.mix(g.seed(), g.name(), model, c);
        }
    }

    @Override
    public void weights(int from, int count, float[] values, float[] dst) {
        int e = from;
        while (e < from + count) {
            int c = e / ChunkGrid.CHUNK;
            int end = Math.min(from + count, (c + 1) * ChunkGrid.CHUNK);
            draws(chunkSeeds[c], e - c * ChunkGrid.CHUNK, end - e, dst, e - from);
            e = end;
        }
    }

    /** Writes the 0/1 draws of positions {@code [p, p + n)} of the stream seeded {@code s} to {@code dst[at ..]}. */
    private void draws(long s, int p, int n, float[] dst, int at) {
        long[] z = DRAWS.get();
        long thr = threshold;
        int k = p >>> 1; // the nextLong() holding position p
        int lastK = (p + n - 1) >>> 1;
        while (k <= lastK) {
            int m = Math.min(BLOCK, lastK - k + 1);
            long x = s + (long) k * GAMMA;
            for (int i = 0; i < m; i++) {
                x += GAMMA;
                z[i] = x;
            }
            for (int i = 0; i < m; i++) {
                long v = z[i];
                v = (v ^ (v >>> 30)) * 0xBF58476D1CE4E5B9L;
                v = (v ^ (v >>> 27)) * 0x94D049BB133111EBL;
                z[i] = v ^ (v >>> 31);
            }
            int first = 2 * k - p; // position of z[0]'s low half relative to p: 0, or -1 when p is odd
            if (LITTLE_ENDIAN) {
                halves(z, m, first, n, dst, at);
            } else {
                for (int i = 0; i < m; i++) {
                    int even = first + 2 * i;
                    float lo = (float) (((z[i] & 0xFFFFFFFFL) - thr) >>> 63); // 1 iff below the threshold
                    float hi = (float) (((z[i] >>> 32) - thr) >>> 63);
                    if (even >= 0) {
                        dst[at + even] = lo;
                    }
                    if (even + 1 < n) {
                        dst[at + even + 1] = hi;
                    }
                }
            }
            k += m;
        }
    }

    /**
     * Writes the 0/1 draws of the halves of {@code z[0 ..< m]}, the low half of {@code z[0]} being position
     * {@code first} relative to p, for the positions in {@code [0, n)}, to {@code dst[at ..]}. On a little-endian
     * machine the halves lie in memory in position order, so a bulk copy lays them out as ints and one int loop the
     * JIT vectorises compares them (unsigned) with the threshold.
     */
    private void halves(long[] z, int m, int first, int n, float[] dst, int at) {
        int[] h = HALVES.get();
        MemorySegment.copy(MemorySegment.ofArray(z), ValueLayout.JAVA_INT, 0, h, 0, 2 * m);
        int from = Math.max(0, -first); // skip a low half before p
        int to = Math.min(2 * m, n - first); // stop at position n
        int t = (int) threshold; // below 2^32 (density < 1): an unsigned int
        int out = at + first;
        for (int j = from; j < to; j++) {
            int a = h[j];
            // the borrow of the unsigned subtraction a - t: 1 iff a < t unsigned
            int borrow = ((~a & t) | (~(a ^ t) & (a - t))) >>> 31;
            dst[out + j] = borrow;
        }
    }

    @Override
    public long count() {
        float[] w = new float[ChunkGrid.CHUNK];
        long kept = 0;
        for (int from = 0; from < numel; from += ChunkGrid.CHUNK) {
            int n = Math.min(ChunkGrid.CHUNK, numel - from);
            weights(from, n, null, w);
            for (int j = 0; j < n; j++) {
                kept += (long) w[j];
            }
        }
        return kept;
    }
}
