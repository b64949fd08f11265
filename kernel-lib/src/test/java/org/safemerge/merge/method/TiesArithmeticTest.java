package org.safemerge.merge.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The branch-free sign tests of the TIES consensus are exact for every float, subnormals and signed zeros too. */
class TiesArithmeticTest {
    @Test
    void positiveAndZeroAreExact() {
        float[] pos = {Float.MIN_VALUE, 1e-40f, Float.MIN_NORMAL, 1e-20f, 1f, 3e38f, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY};
        for (float x : pos) {
            assertEquals(1f, TaskArithmeticMerge.positive(x), "positive(" + x + ")");
            assertEquals(0f, TaskArithmeticMerge.positive(-x), "positive(" + -x + ")");
            assertEquals(0f, TaskArithmeticMerge.zero(x), "zero(" + x + ")");
            assertEquals(0f, TaskArithmeticMerge.zero(-x), "zero(" + -x + ")");
        }
        assertEquals(0f, TaskArithmeticMerge.positive(0f));
        assertEquals(0f, TaskArithmeticMerge.positive(-0f));
        assertEquals(1f, TaskArithmeticMerge.zero(0f));
        assertEquals(1f, TaskArithmeticMerge.zero(-0f));
    }
}
