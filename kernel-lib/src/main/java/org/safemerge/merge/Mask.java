package org.safemerge.merge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bit per tensor element: which entries of a task vector a sparsifier keeps. 1/32 of the memory of the float32
 * tensor it describes. Bits may be set from several threads at once ({@link #orWord} is atomic).
 */
public final class Mask implements Selection {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private final long[] words;
    private final int size;

    private Mask(int size) {
        this.size = size;
        this.words = new long[(size + 63) >>> 6];
    }

    /** @return a mask of {@code size} bits, all clear */
    public static Mask empty(int size) {
        return new Mask(size);
    }

    /** @return a mask of {@code size} bits, all set */
    public static Mask full(int size) {
        Mask m = new Mask(size);
        java.util.Arrays.fill(m.words, -1L);
        if ((size & 63) != 0) {
            m.words[m.words.length - 1] = (1L << (size & 63)) - 1;
        }
        return m;
    }

    /** @return the number of bits */
    public int size() {
        return size;
    }

    /** @return bit {@code i} */
    public boolean get(int i) {
        return (words[i >>> 6] >>> i & 1L) != 0;
    }

    /** @return bit {@code i} as 1f or 0f, for branch-free loops */
    public float weight(int i) {
        return (float) (words[i >>> 6] >>> i & 1L);
    }

    /** Sets bit {@code i} (atomic). */
    public void set(int i) {
        orWord(i >>> 6, 1L << i);
    }

    /** Clears bit {@code i} (atomic). */
    public void clear(int i) {
        WORDS.getAndBitwiseAnd(words, i >>> 6, ~(1L << i));
    }

    /** ORs {@code bits} into word {@code word} (elements {@code 64*word ..}), atomically. */
    public void orWord(int word, long bits) {
        if (bits != 0) {
            WORDS.getAndBitwiseOr(words, word, bits);
        }
    }

    /**
     * Sets the bits of elements {@code [from, from + flags.length)} whose flag is true; safe to call concurrently
     * for disjoint ranges, even when they share a word.
     */
    public void setAll(int from, boolean[] flags, int count) {
        int i = 0;
        while (i < count) {
            int e = from + i;
            int word = e >>> 6;
            int bit = e & 63;
            int n = Math.min(64 - bit, count - i);
            long bits = 0;
            for (int k = 0; k < n; k++) {
                bits |= (flags[i + k] ? 1L : 0L) << (bit + k); // branch-free: flags are random-looking
            }
            orWord(word, bits);
            i += n;
        }
    }

    /** Eight 0/1 floats for each byte value, least significant bit first. */
    private static final float[] BYTE_TO_FLOATS = new float[256 * 8];

    static {
        for (int b = 0; b < 256; b++) {
            for (int k = 0; k < 8; k++) {
                BYTE_TO_FLOATS[b * 8 + k] = (b >>> k) & 1;
            }
        }
    }

    /**
     * Writes bits {@code [from, from + count)} as 1f / 0f into {@code dst[0 ..< count]}: a form the JIT can multiply
     * by in vectorised loops (a lookup per byte when {@code from} is a multiple of 8, bit by bit otherwise).
     */
    public void expand(int from, int count, float[] dst) {
        int j = 0;
        if ((from & 7) == 0) {
            for (; j + 8 <= count; j += 8) {
                int e = from + j;
                int b = (int) (words[e >>> 6] >>> (e & 63)) & 0xFF;
                System.arraycopy(BYTE_TO_FLOATS, b << 3, dst, j, 8);
            }
        }
        for (; j < count; j++) {
            dst[j] = weight(from + j);
        }
    }

    @Override
    public void weights(int from, int count, float[] values, float[] dst) {
        expand(from, count, dst);
    }

    /** @return the number of set bits */
    @Override
    public long count() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }
}
