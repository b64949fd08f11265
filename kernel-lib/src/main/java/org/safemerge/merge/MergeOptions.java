package org.safemerge.merge;

import java.util.List;
import org.safemerge.io.ShardedCheckpointWriter;

/**
 * How a merge runs (not what it computes, except the seed of stochastic methods).
 *
 * @param seed         seeds DARE / DELLA draws: the same seed gives byte-identical output (default 0)
 * @param threads      threads that compute (default: the available processors); never changes the output
 * @param shardBytes   the output shard budget in bytes (default 5 GB, as mergekit)
 * @param overwrite    replace an existing non-empty output directory (default false)
 * @param progress     report progress through {@code Progress.start} (default true)
 * @param cardSections extra sections for the model card, e.g. a safety evaluation (default none)
 */
public record MergeOptions(long seed, int threads, long shardBytes, boolean overwrite, boolean progress,
                           List<MergeCard.Section> cardSections) {
    public MergeOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (shardBytes <= 0) {
            throw new IllegalArgumentException("the shard size must be positive, got " + shardBytes);
        }
        cardSections = cardSections == null ? List.of() : List.copyOf(cardSections);
    }

    /** @return seed 0, all processors, 5 GB shards, no overwrite, progress on */
    public static MergeOptions defaults() {
        return new MergeOptions(0, Runtime.getRuntime().availableProcessors(),
                ShardedCheckpointWriter.DEFAULT_SHARD_BYTES, false, true, List.of());
    }

    public MergeOptions withSeed(long s) {
        return new MergeOptions(s, threads, shardBytes, overwrite, progress, cardSections);
    }

    public MergeOptions withThreads(int n) {
        return new MergeOptions(seed, n, shardBytes, overwrite, progress, cardSections);
    }

    public MergeOptions withShardBytes(long b) {
        return new MergeOptions(seed, threads, b, overwrite, progress, cardSections);
    }

    public MergeOptions withOverwrite(boolean o) {
        return new MergeOptions(seed, threads, shardBytes, o, progress, cardSections);
    }

    public MergeOptions withProgress(boolean p) {
        return new MergeOptions(seed, threads, shardBytes, overwrite, p, cardSections);
    }

    public MergeOptions withCardSections(List<MergeCard.Section> sections) {
        return new MergeOptions(seed, threads, shardBytes, overwrite, progress, sections);
    }
}
