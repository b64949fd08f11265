package org.safemerge.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks the next token from one row of logits: greedy argmax, or temperature / top-k / top-p sampling. */
final class Sampler {
    private Sampler() {
    }

    /** @return an independent random stream for prompt {@code index} under {@code seed} */
    static SplittableRandom streamFor(long seed, int index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);   // SplitMix64 finaliser: well-mixed per-prompt seeds
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /**
     * @param logits the logits of all rows, row-major
     * @param offset start of this row
     * @param vocab  row length
     * @return the chosen token id
     */
    static int pick(float[] logits, int offset, int vocab, GenerationOptions o, SplittableRandom rnd) {
        if (o.isGreedy()) {
            int best = 0;
            for (int i = 1; i < vocab; i++) {
                if (logits[offset + i] > logits[offset + best]) {
                    best = i;
                }
            }
            return best;
        }
        if (o.topK() == 0 && o.topP() >= 1) {
            return sampleAll(logits, offset, vocab, o.temperature(), rnd);   // no truncation: no sort needed
        }
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(logits[offset + b], logits[offset + a]));  // stable: ties by id
        double max = logits[offset + order[0]];
        int keep = o.topK() > 0 ? Math.min(o.topK(), vocab) : vocab;
        double[] p = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp((logits[offset + order[i]] - max) / o.temperature());
            total += p[i];
        }
        if (o.topP() < 1) {
            double cumulative = 0;
            int n = 0;
            while (n < keep) {
                cumulative += p[n] / total;
                n++;
                if (cumulative >= o.topP()) {
                    break;
                }
            }
            keep = n;
            total = 0;
            for (int i = 0; i < keep; i++) {
                total += p[i];
            }
        }
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < keep; i++) {
            u -= p[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    /** Samples from softmax(logits / temperature) over the whole vocabulary, in id order. */
    private static int sampleAll(float[] logits, int offset, int vocab, double temperature, SplittableRandom rnd) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] p = new double[vocab];
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            p[i] = Math.exp((logits[offset + i] - max) / temperature);
            total += p[i];
        }
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < vocab; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return vocab - 1;
    }
}
