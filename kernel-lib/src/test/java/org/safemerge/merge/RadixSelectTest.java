package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The histogram select returns what a sort puts at each rank, for spread, clustered and tied keys. */
class RadixSelectTest {
    @Test
    void matchesASort() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 100_003;
        int[][] inputs = {
            r.ints(n, 0, Integer.MAX_VALUE).toArray(),                       // spread over all 31 bits
            r.ints(n, 0x3C000000, 0x3C010000).toArray(),                     // one high bin and its neighbours
            r.ints(n, 0, 7).toArray(),                                       // heavy ties
            r.ints(n, Integer.MAX_VALUE - 3, Integer.MAX_VALUE).map(k -> k + 1).toArray(), // the largest keys
        };
        for (int[] keys : inputs) {
            int[] sorted = keys.clone();
            Arrays.sort(sorted);
            int[] ranks = {0, 1, n / 3, n / 2, n / 2 + 1, n - 2, n - 1};
            int[] expected = Arrays.stream(ranks).map(k -> sorted[k]).toArray();
            int[] before = keys.clone();
            assertArrayEquals(expected, RadixSelect.select(keys, ranks));
            assertArrayEquals(before, keys, "the keys are left as they were");
        }
    }

    @Test
    void refusesARankOutsideTheArray() {
        assertThrows(IllegalArgumentException.class, () -> RadixSelect.select(new int[] {1, 2}, 2));
    }
}
