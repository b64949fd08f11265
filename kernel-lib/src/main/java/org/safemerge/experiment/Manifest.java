package org.safemerge.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code manifest.json} of a tiny-world directory: the seed, the generator's settings, and every file with its
 * size, line count and SHA-256, sorted by path. It holds no time stamps, so the same seed gives the same manifest.
 */
public final class Manifest {
    /** The manifest's file name. */
    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One file of the world. */
    public record Entry(String path, long bytes, long lines, String sha256) {
    }

    private Manifest() {
    }

    /**
     * Lists every regular file under {@code root} (except the manifest itself), sorted by relative path with '/'
     * separators.
     */
    public static List<Entry> entries(Path root) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> sorted = files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).toString().equals(FILE_NAME))
                    .sorted((a, b) -> relative(root, a).compareTo(relative(root, b)))
                    .toList();
            for (Path p : sorted) {
                byte[] bytes = Files.readAllBytes(p);
                long lines = 0;
                for (byte b : bytes) {
                    lines += b == '\n' ? 1 : 0;
                }
                entries.add(new Entry(relative(root, p), bytes.length, lines, sha256(bytes)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /** Writes the manifest of {@code root}: {@code header} fields first, then {@code "files"}. */
    public static void write(Path root, ObjectNode header) {
        ObjectNode doc = header.deepCopy();
        ArrayNode files = doc.putArray("files");
        for (Entry e : entries(root)) {
            ObjectNode f = files.addObject();
            f.put("path", e.path());
            f.put("bytes", e.bytes());
            f.put("lines", e.lines());
            f.put("sha256", e.sha256());
        }
        try {
            Files.writeString(root.resolve(FILE_NAME), JSON.writeValueAsString(doc) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks every file the manifest lists against its recorded SHA-256.
     *
     * @return the paths that are missing or differ (empty when all match)
     */
    public static List<String> verify(Path root) {
        List<String> bad = new ArrayList<>();
        try {
            var doc = JSON.readTree(Files.readString(root.resolve(FILE_NAME)));
            for (var f : doc.get("files")) {
                Path p = root.resolve(f.get("path").asText());
                if (!Files.isRegularFile(p)) {
                    bad.add(f.get("path").asText() + " (missing)");
                } else if (!sha256(p).equals(f.get("sha256").asText())) {
                    bad.add(f.get("path").asText() + " (sha256 differs)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        return bad;
    }

    /** @return the lower-case hex SHA-256 of a file, read in chunks */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }
}
