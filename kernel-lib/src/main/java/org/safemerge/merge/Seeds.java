package org.safemerge.merge;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeds for the random streams of stochastic methods, derived from (merge seed, tensor name, model index, stream
 * index): the same recipe and seed give the same draws on every JVM and with any number of threads.
 */
public final class Seeds {
    private Seeds() {
    }

    /** @return a generator for one stream of one model's draws on one tensor */
    public static SplittableRandom random(long seed, String tensor, int model, long stream) {
        return new SplittableRandom(mix(seed, tensor, model, stream));
    }

    /** @return a well-mixed 64-bit seed (SplitMix64 finaliser over the FNV-1a hash of the name and the indices) */
    public static long mix(long seed, String tensor, int model, long stream) {
        long h = 0xcbf29ce484222325L;
        for (byte b : tensor.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        long x = splitmix(seed ^ 0x9E3779B97F4A7C15L);
        x = splitmix(x ^ h);
        x = splitmix(x ^ (model * 0xC2B2AE3D27D4EB4FL));
        return splitmix(x ^ (stream * 0x165667B19E3779F9L));
    }

    private static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the 32-bit threshold for a Bernoulli(p) draw: {@code u32 < threshold} has probability p */
    public static long threshold(double p) {
        if (!(p > 0)) {
            return 0;
        }
        return p >= 1 ? 1L << 32 : (long) (p * 4294967296.0);
    }
}
