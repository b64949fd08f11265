package org.safemerge.search;

import org.safemerge.model.RuntimeOptions;

/**
 * How the objective is computed.
 *
 * @param alpha     weight of L_expert in L_safety + alpha * L_expert (default {@value #PAPER_ALPHA}, the paper's)
 * @param mix       which data: {@link DataMix#EXPERT_AND_SAFETY} (default) or the {@link DataMix#EXPERT} baseline
 * @param batchSize pairs per forward pass when scoring (default 64; batches also stay under a logits budget)
 * @param seed      seed of the merge's random draws (DARE, DELLA): every candidate of a search uses it, so
 *                  candidates differ only by their parameters (default 0)
 * @param threads   threads that compute each merge (default: the available processors)
 * @param runtime   where and how the merged models run (default {@link RuntimeOptions#DEFAULT}: a GPU if there is
 *                  one, float32)
 */
public record ObjectiveOptions(double alpha, DataMix mix, int batchSize, long seed, int threads,
                               RuntimeOptions runtime) {
    /** The paper's alpha. */
    public static final double PAPER_ALPHA = 0.3;

    public ObjectiveOptions {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite number >= 0, got " + alpha);
        }
        if (mix == null) {
            throw new IllegalArgumentException("the data mix must be set");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the scoring batch size must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (runtime == null) {
            throw new IllegalArgumentException("the runtime options must be set");
        }
    }

    /** @return alpha 0.3, D_expert and D_safety, batches of 64, seed 0, all processors, the default runtime */
    public static ObjectiveOptions defaults() {
        return new ObjectiveOptions(PAPER_ALPHA, DataMix.EXPERT_AND_SAFETY, 64, 0,
                Runtime.getRuntime().availableProcessors(), RuntimeOptions.DEFAULT);
    }

    public ObjectiveOptions withAlpha(double a) {
        return new ObjectiveOptions(a, mix, batchSize, seed, threads, runtime);
    }

    public ObjectiveOptions withMix(DataMix m) {
        return new ObjectiveOptions(alpha, m, batchSize, seed, threads, runtime);
    }

    /** @return the D_expert-only baseline (no safety term) */
    public ObjectiveOptions expertOnly() {
        return withMix(DataMix.EXPERT);
    }

    public ObjectiveOptions withBatchSize(int n) {
        return new ObjectiveOptions(alpha, mix, n, seed, threads, runtime);
    }

    public ObjectiveOptions withSeed(long s) {
        return new ObjectiveOptions(alpha, mix, batchSize, s, threads, runtime);
    }

    public ObjectiveOptions withThreads(int n) {
        return new ObjectiveOptions(alpha, mix, batchSize, seed, n, runtime);
    }

    public ObjectiveOptions withRuntime(RuntimeOptions r) {
        return new ObjectiveOptions(alpha, mix, batchSize, seed, threads, r);
    }
}
