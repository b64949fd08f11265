package org.safemerge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: the shipped tiny zoo, {@code datasets/tiny-world/zoo} under the repository root. */
public final class ZooFixture {
    private ZooFixture() {
    }

    /**
     * @return the repository root: the system property {@code safemerge.root} if set, else the first directory
     *         upwards from the working directory with bin/safemerge
     */
    public static Path root() {
        String prop = System.getProperty("safemerge.root");
        if (prop != null) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("bin/safemerge"))) {
            p = p.getParent();
        }
        if (p == null) {
            fail("cannot find the repository root (a directory with bin/safemerge) above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** @return the directory of a zoo model; fails the test, with what is missing, if it is not there */
    public static Path model(String name) {
        Path dir = root().resolve("datasets/tiny-world/zoo").resolve(name);
        if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("model.safetensors"))) {
            fail("the tiny zoo model " + name + " is missing at " + dir + " (config.json and model.safetensors);"
                    + " it is built by 'safemerge zoo build' and committed under datasets/tiny-world/zoo");
        }
        return dir;
    }

    /** Copies a zoo model into {@code zoo/NAME} (a model's files are well under a megabyte). */
    public static Path copy(String name, Path zoo) throws java.io.IOException {
        Path from = model(name);
        Path to = Files.createDirectories(zoo.resolve(name));
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }
}
