package org.safemerge.merge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an on-disk merge wrote.
 *
 * @param dir     the output directory
 * @param tensors the number of tensors written
 * @param bytes   the bytes of tensor data written
 * @param shards  the weight files, in order
 * @param took    the wall time of the merge
 */
public record MergeReport(Path dir, int tensors, long bytes, List<String> shards, Duration took) {
}
