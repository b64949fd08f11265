package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bit masks: concurrent-safe setting of unaligned ranges and expansion to 0/1 floats. */
class MaskTest {
    @Test
    void setAllAndExpandAgreeWithSingleBits() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 1000;
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            flags[i] = r.nextBoolean();
        }
        Mask m = Mask.empty(n);
        // unaligned ranges sharing words
        m.setAll(0, flags, 13);
        boolean[] rest = java.util.Arrays.copyOfRange(flags, 13, n);
        m.setAll(13, rest, n - 13);
        long ones = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(flags[i], m.get(i), "bit " + i);
            ones += flags[i] ? 1 : 0;
        }
        assertEquals(ones, m.count());
        for (int from : new int[] {0, 8, 64, 3, 77}) {
            float[] f = new float[n - from];
            m.expand(from, n - from, f);
            for (int j = 0; j < f.length; j++) {
                assertEquals(flags[from + j] ? 1f : 0f, f[j], "expand from " + from + ", element " + j);
            }
        }
        Mask full = Mask.full(70);
        assertEquals(70, full.count());
        full.clear(69);
        assertEquals(69, full.count());
    }
}
