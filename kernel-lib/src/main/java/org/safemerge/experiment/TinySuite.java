package org.safemerge.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import org.safemerge.eval.EvalSuite;

/**
 * Finds the tiny world's held-out evaluation suite for {@code safemerge eval --suite tiny} and {@code screen}: the
 * data files under {@code <world>/data/} when they exist ({@link TinyWorldFiles#suite(Path)}), otherwise the same
 * sets generated in memory from {@link #FALLBACK_SEED} (the generator is deterministic, so nothing needs writing).
 */
public final class TinySuite {
    /** Seed of the generated suite when the world's data files are not there. */
    public static final long FALLBACK_SEED = 0;
    /** System property with the repository root; the launcher sets it. */
    public static final String ROOT_PROPERTY = "safemerge.root";

    private TinySuite() {
    }

    /**
     * @return {@code datasets/tiny-world} under the repository root named by the system property
     *     {@value #ROOT_PROPERTY} (set by {@code bin/safemerge}), else under the working directory
     */
    public static Path defaultWorld() {
        String root = System.getProperty(ROOT_PROPERTY);
        return (root == null ? Path.of("") : Path.of(root)).resolve(TinyWorldFiles.DEFAULT_DIR).toAbsolutePath()
                .normalize();
    }

    /** @return true if the world directory has a {@code data/} directory to read the suite from */
    public static boolean hasDataFiles(Path world) {
        return Files.isDirectory(world.resolve(TinyWorldFiles.DATA));
    }

    /**
     * @return the held-out suite: read from {@code world/data/} if that directory exists, else generated from
     *     {@link #FALLBACK_SEED}
     * @throws IllegalArgumentException naming the file if the data directory lacks a test file or one is malformed
     */
    public static EvalSuite load(Path world) {
        return hasDataFiles(world) ? TinyWorldFiles.suite(world)
                : TinyWorldFiles.suite(TinyWorldData.generate(FALLBACK_SEED));
    }
}
