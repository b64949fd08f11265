package org.safemerge.model;

import java.util.List;
import java.util.Set;

/**
 * How to generate: greedy or sampled, when to stop, how many prompts per forward call.
 *
 * @param maxNewTokens  the most tokens to generate per prompt (default 128)
 * @param temperature   0 for greedy decoding (the default); otherwise logits are divided by it before sampling
 * @param topP          nucleus sampling: sample from the smallest set of tokens whose probability reaches it (1 = off)
 * @param topK          sample from the k most likely tokens (0 = off)
 * @param seed          seed of the sampler; each prompt gets its own stream derived from (seed, prompt index), so
 *                      the same seed gives the same replies whatever else is in the batch
 * @param stopStrings   generation of a prompt ends when its decoded text contains one of these; the reply is cut
 *                      before it
 * @param stopTokenIds  extra token ids that end generation, besides the model's eos ids
 * @param batchSize     prompts per forward call, 0 for the model's default
 * @param useCache      keep keys and values between steps (default true); false recomputes every step (slow; for
 *                      checks and benchmarks)
 */
public record GenerationOptions(int maxNewTokens, double temperature, double topP, int topK, long seed,
                                List<String> stopStrings, Set<Integer> stopTokenIds, int batchSize,
                                boolean useCache) {
    public GenerationOptions {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be >= 0 (0 = greedy), got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0 (0 = off), got " + topK);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be >= 0 (0 = model default), got " + batchSize);
        }
        stopStrings = List.copyOf(stopStrings);
        stopTokenIds = Set.copyOf(stopTokenIds);
        if (stopStrings.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop strings must not be empty");
        }
    }

    /** @return greedy decoding of at most {@code maxNewTokens} tokens */
    public static GenerationOptions greedy(int maxNewTokens) {
        return new GenerationOptions(maxNewTokens, 0, 1, 0, 0, List.of(), Set.of(), 0, true);
    }

    /** @return temperature / top-p sampling with a seed */
    public static GenerationOptions sampling(int maxNewTokens, double temperature, double topP, long seed) {
        return new GenerationOptions(maxNewTokens, temperature, topP, 0, seed, List.of(), Set.of(), 0, true);
    }

    /** @return true for greedy decoding */
    public boolean isGreedy() {
        return temperature == 0;
    }

    /** @return a copy with other stop strings */
    public GenerationOptions withStopStrings(List<String> stops) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, seed, stops, stopTokenIds, batchSize,
                useCache);
    }

    /** @return a copy with extra stop token ids */
    public GenerationOptions withStopTokenIds(Set<Integer> ids) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, seed, stopStrings, ids, batchSize,
                useCache);
    }

    /** @return a copy with another top-k */
    public GenerationOptions withTopK(int k) {
        return new GenerationOptions(maxNewTokens, temperature, topP, k, seed, stopStrings, stopTokenIds, batchSize,
                useCache);
    }

    /** @return a copy with another batch size (0 = model default) */
    public GenerationOptions withBatchSize(int n) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, seed, stopStrings, stopTokenIds, n,
                useCache);
    }

    /** @return a copy with the KV cache on or off */
    public GenerationOptions withCache(boolean on) {
        return new GenerationOptions(maxNewTokens, temperature, topP, topK, seed, stopStrings, stopTokenIds,
                batchSize, on);
    }

    /** @return a copy with another token budget */
    public GenerationOptions withMaxNewTokens(int n) {
        return new GenerationOptions(n, temperature, topP, topK, seed, stopStrings, stopTokenIds, batchSize,
                useCache);
    }
}
