package org.safemerge.data;

/**
 * How much synthetic merge data to make and how.
 *
 * @param k                    the target size of each set (the paper's K): D_safety keeps at most {@code k} pairs,
 *                             D_expert gets {@code k / (N - 1)} pairs per expert, N = pool size with the instruct
 *                             model (so a pool of instruct + one expert gives that expert {@code k} pairs)
 * @param seed                 seeds question sampling, in-context example draws, the refusal pick and the cap;
 *                             the same seed gives a byte-identical file
 * @param temperature          sampling temperature of the question writers (the paper: 0.8); answers are greedy
 * @param maxNewTokens         the most tokens per generated question or answer
 * @param questionsPerCategory harmful questions sampled per BeaverTails category (before parsing and dedup)
 */
public record SynthOptions(int k, long seed, double temperature, int maxNewTokens, int questionsPerCategory) {
    /** The paper's sampling temperature for both question writers. */
    public static final double PAPER_TEMPERATURE = 0.8;

    public SynthOptions {
        if (k < 1) {
            throw new IllegalArgumentException("k (pairs per set) must be at least 1, got " + k);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive (questions are sampled), got "
                    + temperature);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (questionsPerCategory < 1) {
            throw new IllegalArgumentException("questions per category must be at least 1, got "
                    + questionsPerCategory);
        }
    }

    /** @return K = 200, seed 0, temperature 0.8, 64 new tokens, 40 harmful questions sampled per category */
    public static SynthOptions defaults() {
        return new SynthOptions(200, 0, PAPER_TEMPERATURE, 64, 40);
    }

    /** @return a copy with another K */
    public SynthOptions withK(int n) {
        return new SynthOptions(n, seed, temperature, maxNewTokens, questionsPerCategory);
    }

    /** @return a copy with another seed */
    public SynthOptions withSeed(long s) {
        return new SynthOptions(k, s, temperature, maxNewTokens, questionsPerCategory);
    }

    /** @return a copy with another sampling temperature */
    public SynthOptions withTemperature(double t) {
        return new SynthOptions(k, seed, t, maxNewTokens, questionsPerCategory);
    }

    /** @return a copy with another token budget */
    public SynthOptions withMaxNewTokens(int n) {
        return new SynthOptions(k, seed, temperature, n, questionsPerCategory);
    }

    /** @return a copy sampling another number of harmful questions per category */
    public SynthOptions withQuestionsPerCategory(int n) {
        return new SynthOptions(k, seed, temperature, maxNewTokens, n);
    }
}
