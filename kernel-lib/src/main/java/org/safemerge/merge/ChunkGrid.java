package org.safemerge.merge;

/**
 * A fixed partition of a tensor's elements into consecutive chunks, decided by the shape alone, never by the number
 * of threads: the unit of parallel work, of seeded random streams and of deterministic reductions.
 *
 * <ul>
 *   <li>{@link #flat}: chunks of {@value #CHUNK} elements (a multiple of 64, so bit masks split on word
 *       boundaries).</li>
 *   <li>{@link #rows}: chunks of whole rows (the last dimension), as many as fit in {@value #CHUNK} elements and at
 *       least one, for methods that work row by row.</li>
 * </ul>
 *
 * @param numel         the number of elements
 * @param chunkElements elements per chunk (the last chunk may be shorter)
 * @param rowLength     elements per row; 1 for a flat grid
 */
public record ChunkGrid(int numel, int chunkElements, int rowLength) {
    /** Elements per flat chunk: 256 KB of float32, small enough for the caches, large enough to amortise calls. */
    public static final int CHUNK = 1 << 16;

    public ChunkGrid {
        if (numel < 0 || chunkElements <= 0 || rowLength <= 0 || chunkElements % rowLength != 0) {
            throw new IllegalArgumentException("bad chunk grid: numel " + numel + ", chunk " + chunkElements
                    + ", row " + rowLength);
        }
    }

    /** @return a grid of {@value #CHUNK}-element chunks */
    public static ChunkGrid flat(int numel) {
        return new ChunkGrid(numel, CHUNK, 1);
    }

    /** @return a grid of whole rows of {@code rowLength} elements */
    public static ChunkGrid rows(int numel, int rowLength) {
        int row = Math.max(1, rowLength);
        int perChunk = Math.max(1, CHUNK / row);
        return new ChunkGrid(numel, Math.multiplyExact(perChunk, row), row);
    }

    /** @return the number of chunks */
    public int chunks() {
        return numel == 0 ? 0 : (int) ((numel + (long) chunkElements - 1) / chunkElements);
    }

    /** @return the first element of chunk {@code c} */
    public int start(int c) {
        return (int) Math.min(numel, (long) c * chunkElements);
    }

    /** @return the number of elements in chunk {@code c} */
    public int length(int c) {
        return Math.min(numel, start(c) + chunkElements) - start(c);
    }

    /** @return the number of rows */
    public int rowCount() {
        return numel / rowLength;
    }
}
