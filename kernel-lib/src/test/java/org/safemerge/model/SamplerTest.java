package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** logits of probabilities 0.5, 0.3, 0.2 (and a fourth token with probability 0) */
    private static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2), -1e9f};

    private static double[] frequencies(GenerationOptions o, int n) {
        SplittableRandom rnd = Sampler.streamFor(o.seed(), 0);
        double[] f = new double[4];
        for (int i = 0; i < n; i++) {
            f[Sampler.pick(LOGITS, 0, 4, o, rnd)] += 1.0 / n;
        }
        return f;
    }

    private static GenerationOptions opts(double temperature, double topP, int topK) {
        return new GenerationOptions(1, temperature, topP, topK, 3, List.of(), Set.of(), 0, true);
    }

    @Test
    void samplesTheSoftmaxAtTemperatureOne() {
        double[] f = frequencies(opts(1, 1, 0), 40_000);
        assertEquals(0.5, f[0], 0.01);
        assertEquals(0.3, f[1], 0.01);
        assertEquals(0.2, f[2], 0.01);
        assertEquals(0.0, f[3], 0.0);
    }

    @Test
    void temperatureSharpens() {
        // at T = 0.5 probabilities go as p^2: 0.25, 0.09, 0.04 over 0.38
        double[] f = frequencies(opts(0.5, 1, 0), 40_000);
        assertEquals(0.25 / 0.38, f[0], 0.01);
        assertEquals(0.09 / 0.38, f[1], 0.01);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] f = frequencies(opts(1, 0.6, 0), 40_000);   // {0.5, 0.3} reaches 0.6
        assertEquals(0.5 / 0.8, f[0], 0.01);
        assertEquals(0.3 / 0.8, f[1], 0.01);
        assertEquals(0.0, f[2], 0.0);
    }

    @Test
    void topKAndGreedy() {
        double[] f = frequencies(opts(1, 1, 2), 40_000);
        assertEquals(0.5 / 0.8, f[0], 0.01);
        assertEquals(0.0, f[2], 0.0);
        assertEquals(1.0, frequencies(opts(0, 1, 0), 100)[0], 1e-9);
        assertEquals(1.0, frequencies(opts(1, 1, 1), 100)[0], 1e-9);
    }
}
