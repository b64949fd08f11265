package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.safemerge.io.DType;
import org.safemerge.io.FloatCodec;

/** A chunk's part reads give the same values as its whole-chunk reads, part by part, in any order. */
class ChunkTest {
    @Test
    void partsMatchTheWholeChunk() {
        int n = ChunkGrid.CHUNK + 3 * Chunk.PART / 2; // a full chunk, then one whose last part is short
        SplittableRandom r = new SplittableRandom(11);
        TensorInput base = bf16(r, n);
        TensorGroup g = new TensorGroup("w", base, "base", List.of(bf16(r, n), bf16(r, n)), List.of("a", "b"), 0,
                Workers.sequential(), null);
        g.forEach(g.flat(), c -> {
            float[][] whole = {c.base().clone(), c.delta(0).clone(), c.delta(1).clone()};
            // backwards, so that no part is the one decoded last
            for (int off = (c.length() - 1) / Chunk.PART * Chunk.PART; off >= 0; off -= Chunk.PART) {
                int len = Math.min(Chunk.PART, c.length() - off);
                float[] d1 = Arrays.copyOf(c.delta(1, off, len), len);
                float[] d0 = Arrays.copyOf(c.delta(0, off, len), len);
                String at = "chunk " + c.index() + ", part at " + off;
                assertArrayEquals(Arrays.copyOfRange(whole[0], off, off + len), Arrays.copyOf(c.base(off, len), len),
                        at);
                assertArrayEquals(Arrays.copyOfRange(whole[1], off, off + len), d0, at);
                assertArrayEquals(Arrays.copyOfRange(whole[2], off, off + len), d1, at);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> c.delta(0, c.length() - 1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> c.base(-1, 1));
        });
    }

    /** @return a bf16 input of n random values, read from its bytes as a checkpoint's are */
    private static TensorInput bf16(SplittableRandom r, int n) {
        byte[] bytes = new byte[2 * n];
        for (int i = 0; i < n; i++) {
            short h = FloatCodec.floatToBf16((float) r.nextGaussian() * 0.02f);
            bytes[2 * i] = (byte) h;
            bytes[2 * i + 1] = (byte) (h >> 8);
        }
        return TensorInputs.mapped(MemorySegment.ofArray(bytes), DType.BF16, new long[] {n}, null);
    }
}
