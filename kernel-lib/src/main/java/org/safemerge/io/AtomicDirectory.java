package org.safemerge.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An output directory that appears only when complete.
 *
 * <p>Everything is written into a hidden temporary sibling ({@code .NAME.tmp-XXXXXXXX}); {@link #commit()} renames
 * it into place. Closing without committing deletes the temporary directory, so a failed or interrupted run leaves
 * no half-written output that looks complete.
 *
 * <pre>
 * try (var out = AtomicDirectory.create(target, false)) {
 *     Files.writeString(out.path().resolve("config.json"), json);
 *     out.commit();
 * }
 * </pre>
 */
public final class AtomicDirectory implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final boolean overwrite;
    private boolean committed;

    private AtomicDirectory(Path target, Path temp, boolean overwrite) {
        this.target = target;
        this.temp = temp;
        this.overwrite = overwrite;
    }

    /**
     * Starts writing {@code target}.
     *
     * @param overwrite replace an existing non-empty target on commit; otherwise it is an error, reported now
     *                  (before any work is done)
     * @throws IllegalArgumentException if the target exists and is not an empty directory, and overwrite is false
     */
    public static AtomicDirectory create(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath().normalize();
        checkTarget(abs, overwrite);
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            Path temp = parent.resolve("." + abs.getFileName() + ".tmp-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectory(temp);
            return new AtomicDirectory(abs, temp, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory beside " + abs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks, before any work, that {@code target} may be written.
     *
     * @throws IllegalArgumentException if it exists and is a file, or a non-empty directory without overwrite
     */
    public static void checkTarget(Path target, boolean overwrite) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("output " + target + " exists and is not a directory");
        }
        if (!overwrite && !isEmptyDirectory(target)) {
            throw new IllegalArgumentException("output directory " + target
                    + " already exists and is not empty; choose another path or pass --overwrite");
        }
    }

    /** @return the temporary directory to write into */
    public Path path() {
        return temp;
    }

    /** @return where the directory will appear on commit */
    public Path target() {
        return target;
    }

    /** Renames the finished directory into place (replacing the old one if overwriting was allowed). */
    public void commit() {
        try {
            if (Files.exists(target)) {
                if (!overwrite && !isEmptyDirectory(target)) {
                    throw new IllegalStateException("output directory " + target + " appeared while writing");
                }
                Path old = target.resolveSibling("." + target.getFileName() + ".old-"
                        + UUID.randomUUID().toString().substring(0, 8));
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
                move(temp, target);
                deleteTree(old);
            } else {
                move(temp, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException | DirectoryNotEmptyException e) {
            Files.move(from, to);
        }
    }

    @Override
    public void close() {
        if (!committed) {
            deleteTree(temp);
        }
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a directory tree, quietly: used only for our own temporary output. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is harmless and clearly named
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }
}
