package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped tiny zoo, for tests that need real trained models; fails (never skips) when it is not there. */
final class TinyZoo {
    static final Path ROOT = Path.of(System.getProperty("safemerge.root", "..")).toAbsolutePath().normalize();
    static final Path DIR = ROOT.resolve("datasets/tiny-world/zoo");

    private TinyZoo() {
    }

    /** @return the directory of a zoo model, e.g. {@code tiny-instruct}, after checking it is there */
    static Path model(String name) {
        Path dir = DIR.resolve(name);
        assertTrue(Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(dir.resolve("tokenizer.json")),
                "the tiny zoo model " + name + " is missing at " + dir + "; it is committed with the tiny world"
                        + " (datasets/tiny-world/zoo) or rebuilt with 'bin/safemerge zoo build'");
        return dir;
    }
}
