package org.safemerge.data;

/**
 * Settings of the synthetic-data pipelines (D_safety and D_expert).
 *
 * <p>TEMPORARY copy of the synth branch's API, so that the reproduction compiles and runs before that branch is
 * merged; it is deleted at the merge.
 *
 * @param k                    pairs per set (D_safety has at most k, D_expert k / (number of experts) per expert)
 * @param seed                 seeds every sampled draw
 * @param temperature          sampling temperature of question writing (the paper: 0.8)
 * @param maxNewTokens         longest generated question or answer, in tokens
 * @param questionsPerCategory harmful questions the generator samples per harm category
 */
public record SynthOptions(int k, long seed, double temperature, int maxNewTokens, int questionsPerCategory) {
    public SynthOptions {
        if (k < 1) {
            throw new IllegalArgumentException("K (pairs per synthetic set) must be at least 1, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the sampling temperature must be positive, got " + temperature);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (questionsPerCategory < 1) {
            throw new IllegalArgumentException("questions per category must be at least 1, got "
                    + questionsPerCategory);
        }
    }

    /** @return K 300, seed 0, temperature 0.8, 64 new tokens, 40 questions per harm category */
    public static SynthOptions defaults() {
        return new SynthOptions(300, 0, 0.8, 64, 40);
    }

    public SynthOptions withK(int n) {
        return new SynthOptions(n, seed, temperature, maxNewTokens, questionsPerCategory);
    }

    public SynthOptions withSeed(long s) {
        return new SynthOptions(k, s, temperature, maxNewTokens, questionsPerCategory);
    }
}
