package org.safemerge.merge;

/**
 * One chunk of a {@link TensorGroup} as a method's loop body sees it: the elements {@code [from, from + length)} of
 * every input, decoded lazily into per-thread buffers the first time they are asked for.
 *
 * <p>Buffers belong to the thread and are reused by its next chunk: use them inside the loop body only, never keep
 * them. Index {@code j} in a buffer is element {@code from + j} of the tensor.
 */
public final class Chunk {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Elements per part for loops that go through a chunk in parts ({@link #delta(int, int, int)}): the buffers of a
     * part (16 KB of floats each) stay in the core's L1 and L2 caches together, where a whole chunk's do not (measured
     * on the benchmark's ties merge: 4096 a little faster than 2048 and 1024).
     */
    public static final int PART = 4096;

    private final TensorGroup group;
    private final int index;
    private final int from;
    private final int length;
    private final int rowLength;
    private final int worker;
    private final Scratch scratch;
    private final boolean[] loaded;
    /** Per input (base, then models): whether any of it was read, by a whole-chunk or a range read. */
    private final boolean[] touched;
    private int baseRangeOffset = -1;
    private int baseRangeCount = -1;

    Chunk(TensorGroup group, ChunkGrid grid, int index, int worker) {
        this.group = group;
        this.index = index;
        this.from = grid.start(index);
        this.length = grid.length(index);
        this.rowLength = grid.rowLength();
        this.worker = worker;
        this.scratch = SCRATCH.get();
        this.loaded = new boolean[1 + 2 * group.size()];
        this.touched = new boolean[1 + group.size()];
    }

    /** @return the group this chunk belongs to */
    public TensorGroup group() {
        return group;
    }

    /** @return the chunk's position in its grid (the stream index of its random draws) */
    public int index() {
        return index;
    }

    /** @return the first element */
    public int from() {
        return from;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return the worker slot running this chunk ({@code 0 .. threads-1}), for per-worker accumulators */
    public int worker() {
        return worker;
    }

    /** @return the row length of the grid (1 for a flat grid) */
    public int rowLength() {
        return rowLength;
    }

    /** @return the index of the first row in this chunk (row grids) */
    public int firstRow() {
        return from / rowLength;
    }

    /** @return the number of whole rows in this chunk (row grids) */
    public int rows() {
        return length / rowLength;
    }

    /**
     * @return the base model's values
     * @throws IllegalStateException if the group has no base
     */
    public float[] base() {
        if (!group.hasBase()) {
            throw new IllegalStateException("tensor " + group.name() + " has no base model");
        }
        return load(0, group.base());
    }

    /** @return model {@code i}'s values (non-base models, in recipe order) */
    public float[] model(int i) {
        return load(1 + i, group.model(i));
    }

    /**
     * @return model {@code i}'s task vector, {@code model(i) - base()} (a copy of {@code model(i)} without a base);
     *     the caller may modify it in place: it is not read again within this chunk
     */
    public float[] delta(int i) {
        int n = group.size();
        int slot = 1 + n + i;
        float[] d = scratch.floats(slot, length);
        if (!loaded[slot]) {
            float[] x = model(i);
            if (group.hasBase()) {
                float[] b = base();
                for (int j = 0; j < length; j++) {
                    d[j] = x[j] - b[j];
                }
            } else {
                System.arraycopy(x, 0, d, 0, length);
            }
            loaded[slot] = true;
        }
        return d;
    }

    /**
     * Model {@code i}'s task vector on a part of the chunk, for loops that work through a chunk in parts small
     * enough to stay in the caches (the whole-chunk buffers of {@link #delta} do not fit in L2 several at a time).
     * Each call decodes anew into this thread's range buffer of model {@code i}, which the next range call for the
     * same model overwrites; the base's part is decoded once per range and shared by the models.
     *
     * @param offset the first element, relative to {@link #from()}
     * @param count  the number of elements
     * @return a buffer whose {@code [0, count)} holds elements {@code from() + offset ..}; the caller may modify it
     */
    public float[] delta(int i, int offset, int count) {
        checkRange(offset, count);
        float[] d = scratch.range(1 + i, count);
        group.model(i).read(from + offset, count, d, 0);
        touched[1 + i] = true;
        if (group.hasBase()) {
            float[] b = base(offset, count);
            for (int j = 0; j < count; j++) {
                d[j] -= b[j];
            }
        }
        return d;
    }

    /**
     * The base model's values on a part of the chunk (see {@link #delta(int, int, int)}): decoded on the first call
     * for this range, then shared until another range is asked for.
     *
     * @throws IllegalStateException if the group has no base
     */
    public float[] base(int offset, int count) {
        if (!group.hasBase()) {
            throw new IllegalStateException("tensor " + group.name() + " has no base model");
        }
        checkRange(offset, count);
        float[] b = scratch.range(0, count);
        if (offset != baseRangeOffset || count != baseRangeCount) {
            group.base().read(from + offset, count, b, 0);
            touched[0] = true;
            baseRangeOffset = offset;
            baseRangeCount = count;
        }
        return b;
    }

    private void checkRange(int offset, int count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("range [" + offset + ", " + (offset + count) + ") outside chunk of "
                    + length + " elements");
        }
    }

    /** @return free float buffer {@code k} of at least {@link #length()} elements (contents undefined) */
    public float[] scratch(int k) {
        return scratch.floats(1 + 2 * group.size() + k, length);
    }

    /** @return this thread's output buffer for {@link TensorGroup#stream} (contents undefined) */
    float[] output() {
        return scratch.output(length);
    }

    /** @return free int buffer {@code k} of at least {@code n} elements (contents undefined) */
    public int[] ints(int k, int n) {
        return scratch.ints(k, n);
    }

    /** @return free boolean buffer {@code k} of at least {@code n} elements (contents undefined) */
    public boolean[] flags(int k, int n) {
        return scratch.flags(k, n);
    }

    /** @return free long buffer {@code k} of at least {@code n} elements (contents undefined) */
    public long[] longs(int k, int n) {
        return scratch.longs(k, n);
    }

    /** Releases the pages of the inputs this chunk read (see {@link TensorInput#release(int, int)}). */
    void done() {
        if (!group.releasesChunks()) {
            return;
        }
        if (loaded[0] || touched[0]) {
            group.base().release(from, length);
        }
        for (int i = 0; i < group.size(); i++) {
            if (loaded[1 + i] || touched[1 + i]) {
                group.model(i).release(from, length);
            }
        }
    }

    private float[] load(int slot, TensorInput input) {
        float[] buf = scratch.floats(slot, length);
        if (!loaded[slot]) {
            input.read(from, length, buf, 0);
            loaded[slot] = true;
        }
        return buf;
    }

    /** Per-thread buffers, grown on demand and reused. */
    private static final class Scratch {
        private float[][] floats = new float[0][];
        private float[][] ranges = new float[0][];
        private int[][] ints = new int[0][];
        private long[][] longs = new long[0][];
        private boolean[][] flags = new boolean[0][];
        private float[] output = new float[0];

        float[] output(int n) {
            return output = atLeast(output, n);
        }

        boolean[] flags(int slot, int n) {
            flags = withSlot(flags, slot);
            return flags[slot] = atLeast(flags[slot], n);
        }

        float[] floats(int slot, int n) {
            floats = withSlot(floats, slot);
            return floats[slot] = atLeast(floats[slot], n);
        }

        float[] range(int slot, int n) {
            ranges = withSlot(ranges, slot);
            return ranges[slot] = atLeast(ranges[slot], n);
        }

        int[] ints(int slot, int n) {
            ints = withSlot(ints, slot);
            return ints[slot] = atLeast(ints[slot], n);
        }

        long[] longs(int slot, int n) {
            longs = withSlot(longs, slot);
            return longs[slot] = atLeast(longs[slot], n);
        }

        /** @return {@code table}, grown so that {@code slot} is an index of it */
        private static <T> T[] withSlot(T[] table, int slot) {
            return slot < table.length ? table : java.util.Arrays.copyOf(table, slot + 4);
        }

        // a buffer of at least n elements: the one given when it is long enough, else a new one (64 at least)
        private static float[] atLeast(float[] buffer, int n) {
            return buffer != null && buffer.length >= n ? buffer : new float[Math.max(n, 64)];
        }

        private static int[] atLeast(int[] buffer, int n) {
            return buffer != null && buffer.length >= n ? buffer : new int[Math.max(n, 64)];
        }

        private static long[] atLeast(long[] buffer, int n) {
            return buffer != null && buffer.length >= n ? buffer : new long[Math.max(n, 64)];
        }

        private static boolean[] atLeast(boolean[] buffer, int n) {
            return buffer != null && buffer.length >= n ? buffer : new boolean[Math.max(n, 64)];
        }
    }
}
