package org.safemerge.experiment;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Independent, reproducible random streams derived from one world seed and a stream name. */
public final class Seeds {
    private Seeds() {
    }

    /** @return a {@link Random} for the named stream; the same (seed, name) always gives the same sequence */
    public static Random stream(long seed, String name) {
        long h = seed;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return new Random(mix(h));
    }

    /** SplitMix64's finaliser: spreads every input bit over the output. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
