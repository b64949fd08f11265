package org.safemerge.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The line magics, compatible with IJava's:
 * <ul>
 *   <li>{@code %jars PATH…}: adds jar files; globs allowed ({@code lib/*.jar}, {@code **}); relative paths start
 *       at the kernel's working directory (the notebook's folder)</li>
 *   <li>{@code %classpath PATH…}: adds jars or class directories; an argument may hold several entries separated
 *       by {@code :}</li>
 *   <li>{@code %maven GROUP:ARTIFACT:VERSION…}: adds an artifact and its runtime dependencies from the local Maven
 *       repository, offline ({@link LocalMaven})</li>
 * </ul>
 * Added classes are visible to this cell's later code and to every later cell.
 */
final class Magics {
    /** The magics this kernel knows. */
    static final List<String> NAMES = List.of("classpath", "jars", "maven");

    private final CellEvaluator evaluator;
    private final LocalMaven maven;
    private final Path workingDirectory;

    Magics(CellEvaluator evaluator, LocalMaven maven, Path workingDirectory) {
        this.evaluator = evaluator;
        this.maven = maven;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Runs one magic line.
     *
     * @param magic the parsed line
     * @return the paths added to the class path
     * @throws CellException naming the line when the magic is unknown or its arguments are wrong
     */
    List<Path> run(CellParts.Magic magic) {
        try {
            List<Path> added = switch (magic.name()) {
                case "jars" -> jars(magic.args());
                case "classpath" -> classpath(magic.args());
                case "maven" -> maven(magic.args());
                default -> throw new IllegalArgumentException("unknown magic %" + magic.name() + "; known: %"
                        + String.join(", %", NAMES));
            };
            for (Path p : added) {
                evaluator.addToClasspath(p.toString());
            }
            return added;
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String message = "line " + magic.line() + ": " + e.getMessage();
            throw new CellException("MagicError", message,
                    List.of("\u001b[1;31mMagic error at " + message + "\u001b[0m"));
        }
    }

    private List<Path> jars(List<String> args) {
        requireArgs("%jars", args, "PATH…");
        List<Path> jars = new ArrayList<>();
        for (String arg : args) {
            for (Path p : glob(workingDirectory, arg)) {
                if (Files.isDirectory(p)) {
                    throw new IllegalArgumentException("%jars " + arg + ": " + p + " is a directory (%jars takes jar"
                            + " files; %classpath takes class directories)");
                }
                jars.add(p);
            }
        }
        return jars;
    }

    private List<Path> classpath(List<String> args) {
        requireArgs("%classpath", args, "PATH…");
        List<Path> entries = new ArrayList<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    entries.addAll(glob(workingDirectory, entry));
                }
            }
        }
        return entries;
    }

    private List<Path> maven(List<String> args) {
        requireArgs("%maven", args, "GROUP:ARTIFACT:VERSION…");
        List<Path> jars = new ArrayList<>();
        for (String coordinates : args) {
            jars.addAll(maven.resolve(coordinates));
        }
        return jars;
    }

    private static void requireArgs(String magic, List<String> args, String usage) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(magic + " needs arguments: " + magic + " " + usage);
        }
    }

    /**
     * Expands a path that may hold glob characters ({@code * ? [ ] { }}, {@code **} across directories).
     *
     * @param base where relative paths start
     * @param pattern a path or glob; {@code ~/} means the home directory
     * @return the matching existing paths, absolute and sorted
     * @throws IllegalArgumentException when nothing matches
     */
    static List<Path> glob(Path base, String pattern) {
        String p = pattern.startsWith("~/") ? System.getProperty("user.home") + pattern.substring(1) : pattern;
        if (!hasGlob(p)) {
            Path file = base.resolve(p).toAbsolutePath().normalize();
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            return List.of(file);
        }
        String[] parts = p.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !hasGlob(parts[fixed])) {
            fixed++;
        }
        String prefix = String.join("/", java.util.Arrays.copyOfRange(parts, 0, fixed));
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        Path root = (p.startsWith("/") && prefix.isEmpty() ? Path.of("/") : base.resolve(prefix))
                .toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no file matches " + pattern + ": " + root + " is not a directory");
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
        try (Stream<Path> walk = Files.walk(root, depth)) {
            List<Path> matches = walk.filter(f -> !f.equals(root) && matcher.matches(root.relativize(f)))
                    .sorted()
                    .toList();
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("no file matches " + pattern + " (looked in " + root + ")");
            }
            return matches;
        } catch (IOException e) {
            throw new UncheckedIOException("Listing " + root + " for " + pattern + " failed", e);
        }
    }

    private static boolean hasGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?[]{}".indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
