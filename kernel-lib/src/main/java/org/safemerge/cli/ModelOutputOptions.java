package org.safemerge.cli;

import org.safemerge.merge.MergeOptions;
import picocli.CommandLine.Option;

/**
 * The options of the commands that write a merged model ({@code merge}, {@code search}): how large a weight file may
 * grow, how many threads merge, and whether an existing output directory may be replaced.
 */
public final class ModelOutputOptions {
    @Option(names = "--shard-size", defaultValue = "5GB", paramLabel = "SIZE",
            description = "Largest weight file of the merged model, e.g. 5GB, 500MB, 2GiB (default: ${DEFAULT-VALUE}).")
    String shardSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that merge, at least 1 (default: the available processors).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace OUTDIR if it exists and is not empty.")
    boolean overwrite;

    /**
     * @return the number of merge threads
     * @throws IllegalArgumentException if {@code --threads} is below 1
     */
    int threads() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        }
        return n;
    }

    /** @return whether {@code --overwrite} was given */
    boolean overwrite() {
        return overwrite;
    }

    /**
     * @param seed the seed of DARE / DELLA draws
     * @return merge options with these threads and shard size (overwriting is left to the caller, which checks the
     *     target before any work)
     */
    MergeOptions mergeOptions(long seed) {
        return MergeOptions.defaults().withSeed(seed).withThreads(threads()).withShardBytes(Bytes.parse(shardSize));
    }
}
