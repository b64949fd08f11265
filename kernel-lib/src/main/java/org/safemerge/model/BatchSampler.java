package org.safemerge.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random training batches of similar length: each epoch shuffles the examples, sorts them by length within pools
 * of 32 batches, cuts the pools into batches and shuffles the batches. Short and long examples then rarely share a
 * batch, which saves the padding (about half the time when arithmetic and refusals are mixed). Seeded.
 */
final class BatchSampler {
    private static final int POOL_BATCHES = 32;

    private final int[] lengths;
    private final int batchSize;
    private final SplittableRandom rnd;
    private final List<int[]> queue = new ArrayList<>();

    BatchSampler(int[] lengths, int batchSize, long seed) {
        this.lengths = lengths;
        this.batchSize = batchSize;
        this.rnd = new SplittableRandom(seed);
    }

    /** @return the indices of the next batch */
    int[] next() {
        if (queue.isEmpty()) {
            refill();
        }
        return queue.removeLast();
    }

    private void refill() {
        Integer[] idx = new Integer[lengths.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Integer tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        int pool = batchSize * POOL_BATCHES;
        for (int start = 0; start < idx.length; start += pool) {
            Integer[] p = Arrays.copyOfRange(idx, start, Math.min(idx.length, start + pool));
            Arrays.sort(p, Comparator.comparingInt(i -> lengths[i]));
            for (int b = 0; b < p.length; b += batchSize) {
                int[] batch = new int[Math.min(batchSize, p.length - b)];
                for (int k = 0; k < batch.length; k++) {
                    batch[k] = p[b + k];
                }
                queue.add(batch);
            }
        }
        for (int i = queue.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int[] tmp = queue.get(i);
            queue.set(i, queue.get(j));
            queue.set(j, tmp);
        }
    }
}
