package org.safemerge.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.safemerge.model.TokenExample;

/**
 * One half of the merge data, tokenized once and cut into batches of similar length (little padding), each under a
 * budget of logits (targets x vocabulary), so every candidate is scored without re-tokenizing or re-sorting.
 */
final class ScoringBatches {
    /** At most this many logits (targets x vocabulary) per batch, as the runtime's scorer. */
    static final long MAX_LOGITS = 1L << 25;

    private final List<List<TokenExample>> batches;
    private final long[] targets;
    private final long totalTargets;
    private final int pairs;

    private ScoringBatches(List<List<TokenExample>> batches, long[] targets, int pairs) {
        this.batches = batches;
        this.targets = targets;
        long t = 0;
        for (long x : targets) {
            t += x;
        }
        this.totalTargets = t;
        this.pairs = pairs;
    }

    /**
     * @param examples  the tokenized pairs
     * @param batchSize at most this many pairs per batch
     * @param vocab     the model's vocabulary size (for the logits budget)
     */
    static ScoringBatches of(List<TokenExample> examples, int batchSize, int vocab) {
        List<TokenExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(TokenExample::length)); // stable: equal lengths keep the data's order
        long maxTargets = Math.max(1, MAX_LOGITS / vocab);
        List<List<TokenExample>> batches = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        List<TokenExample> current = new ArrayList<>();
        long currentTargets = 0;
        for (TokenExample e : sorted) {
            int n = e.targetCount();
            if (n == 0) {
                continue; // nothing to score (an empty answer under a template that adds no end-of-turn token)
            }
            if (!current.isEmpty() && (current.size() == batchSize || currentTargets + n > maxTargets)) {
                batches.add(current);
                counts.add(currentTargets);
                current = new ArrayList<>();
                currentTargets = 0;
            }
            current.add(e);
            currentTargets += n;
        }
        if (!current.isEmpty()) {
            batches.add(current);
            counts.add(currentTargets);
        }
        return new ScoringBatches(batches, counts.stream().mapToLong(Long::longValue).toArray(), examples.size());
    }

    /** @return the batches */
    List<List<TokenExample>> batches() {
        return batches;
    }

    /** @return the answer tokens of batch i */
    long targets(int i) {
        return targets[i];
    }

    /** @return all answer tokens */
    long totalTargets() {
        return totalTargets;
    }

    /** @return the number of pairs */
    int pairs() {
        return pairs;
    }

    boolean isEmpty() {
        return totalTargets == 0;
    }
}
