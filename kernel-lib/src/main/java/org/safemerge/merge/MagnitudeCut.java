package org.safemerge.merge;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Magnitude top-k as a rule instead of a mask: an element is kept when its (magnitude key, index) pair is at or
 * above the pair of the first kept element ({@link RankSelect#magnitudeKey}; among equal magnitudes the higher
 * index is kept, as a stable ascending sort that keeps its last k). Evaluated on the task vector's values chunk by
 * chunk, so the pass that finds the cut does not have to mark every element, and the pass that merges reads no
 * mask.
 *
 * <p>Within a chunk the index only matters if the first kept element lies inside it; every other chunk compares
 * magnitude keys with one threshold, in loops the JIT vectorises.
 */
public final class MagnitudeCut implements Selection {
    private static final int BLOCK = 4096;
    private static final ThreadLocal<int[]> BITS = ThreadLocal.withInitial(() -> new int[BLOCK]);

    private final long point;
    private final long count;

    /**
     * @param point the (key, index) code {@code key << 31 | index} of the first kept element; {@link Long#MIN_VALUE}
     *              keeps everything, {@link Long#MAX_VALUE} nothing
     * @param count the number of kept elements
     */
    public MagnitudeCut(long point, long count) {
        this.point = point;
        this.count = count;
    }

    /** @return the (key, index) code of the first kept element (see the constructor) */
    public long point() {
        return point;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void weights(int from, int count, float[] values, float[] dst) {
        if (point == Long.MIN_VALUE || point == Long.MAX_VALUE) {
            java.util.Arrays.fill(dst, 0, count, point == Long.MIN_VALUE ? 1f : 0f);
            return;
        }
        int key = (int) (point >>> 31);
        int index = (int) (point & 0x7FFFFFFFL);
        if (index > from && index < from + count) {
            // the first kept element is in this chunk: equal keys before it are dropped
            for (int j = 0; j < count; j++) {
                int k = RankSelect.magnitudeKey(values[j]);
                dst[j] = k > key || (k == key && from + j >= index) ? 1f : 0f;
            }
            return;
        }
        if (index >= from + count && key == Integer.MAX_VALUE) {
            java.util.Arrays.fill(dst, 0, count, 0f); // only keys above the largest key would be kept
            return;
        }
        int min = index <= from ? key : key + 1; // the smallest key kept in this chunk
        int[] bits = BITS.get();
        MemorySegment all = MemorySegment.ofArray(values);
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            MemorySegment.copy(all, ValueLayout.JAVA_INT, 4L * done, bits, 0, n);
            for (int j = 0; j < n; j++) {
                // 1 if the key is at least min: keys and min are in [0, 2^31), so the difference cannot overflow
                bits[j] = 1 - (((bits[j] & 0x7FFFFFFF) - min) >>> 31);
            }
            for (int j = 0; j < n; j++) {
                dst[done + j] = bits[j];
            }
        }
    }

    @Override
    public String toString() {
        return "MagnitudeCut[key " + (point >>> 31) + ", index " + (point & 0x7FFFFFFFL) + ", kept " + count + "]";
    }
}
