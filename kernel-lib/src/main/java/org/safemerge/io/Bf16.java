package org.safemerge.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bulk bfloat16 conversions written so that HotSpot's C2 compiles their loops to SIMD code: the merge engine's
 * decode / encode / round steps, several times faster than the element-wise forms in {@link FloatCodec} and
 * bit-identical to them (round-to-nearest-even; a NaN keeps its sign and upper payload bits and is made quiet).
 *
 * <p>Why the indirections: C2 (JDK 25) does not vectorise {@code Float.intBitsToFloat} / {@code floatToRawIntBits},
 * nor int-to-short narrowing or short-to-int widening, but it does vectorise memory copies, int arithmetic and
 * short &lt;-&gt; float conversions. So bits cross between float and int arrays by bulk copies through
 * {@link MemorySegment#ofArray heap segments}, and a 16-bit value {@code v} moves between short and int lanes as
 * {@code (int) (float) v} / {@code (short) (float) v}, exact for every short. Work runs in blocks of
 * {@value #BLOCK} elements in per-thread scratch arrays that stay in the L1 cache.
 */
final class Bf16 {
    /** Elements per block: 8 KB of shorts plus 16 KB of ints. */
    static final int BLOCK = 4096;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private Bf16() {
    }

    /** Decodes {@code count} little-endian bf16 values at byte {@code srcOffset} of {@code src} to float32. */
    static void decode(MemorySegment src, long srcOffset, float[] dst, int dstIndex, int count) {
        Scratch s = SCRATCH.get();
        short[] h = s.shorts;
        int[] bits = s.ints;
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            MemorySegment.copy(src, FloatCodec.I16_LE, srcOffset + 2L * done, h, 0, n);
            for (int i = 0; i < n; i++) {
                bits[i] = ((int) (float) h[i]) << 16; // the bf16 is the upper half of the float32
            }
            MemorySegment.copy(s.intsAsBytes, ValueLayout.JAVA_FLOAT, 0, dst, dstIndex + done, n);
        }
    }

    /** Encodes {@code count} float32 values as little-endian bf16 at byte {@code dstOffset} of {@code dst}. */
    static void encode(float[] src, int srcIndex, int count, MemorySegment dst, long dstOffset) {
        Scratch s = SCRATCH.get();
        short[] h = s.shorts;
        int[] bits = s.ints;
        MemorySegment from = MemorySegment.ofArray(src);
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            MemorySegment.copy(from, ValueLayout.JAVA_INT, 4L * (srcIndex + done), bits, 0, n);
            for (int i = 0; i < n; i++) {
                h[i] = (short) (float) upperHalf(bits[i]);
            }
            MemorySegment.copy(h, 0, dst, FloatCodec.I16_LE, dstOffset + 2L * done, n);
        }
    }

    /** Rounds {@code values[from ..< from + count]} to the nearest bf16 value, in place. */
    static void round(float[] values, int from, int count) {
        Scratch s = SCRATCH.get();
        int[] bits = s.ints;
        MemorySegment all = MemorySegment.ofArray(values);
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            long at = 4L * (from + done);
            MemorySegment.copy(all, ValueLayout.JAVA_INT, at, bits, 0, n);
            for (int i = 0; i < n; i++) {
                bits[i] = upperHalf(bits[i]) << 16;
            }
            MemorySegment.copy(bits, 0, all, ValueLayout.JAVA_INT, at, n);
        }
    }

    /**
     * @return the bf16 bits of the float32 with these bits, sign-extended to an int in [-32768, 32767]: as
     *     {@link FloatCodec#floatToBf16}, without branches
     */
    static int upperHalf(int bits) {
        int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) >> 16; // round half to even
        int quietNaN = (bits >> 16) | 0x0040;
        int isNaN = (0x7F800000 - (bits & 0x7FFFFFFF)) >> 31; // all ones iff |bits| is above infinity's
        return (quietNaN & isNaN) | (rounded & ~isNaN);
    }

    /** Per-thread blocks. */
    private static final class Scratch {
        final short[] shorts = new short[BLOCK];
        final int[] ints = new int[BLOCK];
        final MemorySegment intsAsBytes = MemorySegment.ofArray(ints);
    }
}
