package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.eval.EvalSuite;

class TinySuiteTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheDataFilesWhenPresentAndGeneratesTheSameSuiteOtherwise() throws Exception {
        Path empty = tmp.resolve("empty");
        assertFalse(TinySuite.hasDataFiles(empty));
        EvalSuite generated = TinySuite.load(empty);
        assertEquals(TinyWorldFiles.suite(TinyWorldData.generate(TinySuite.FALLBACK_SEED)), generated);

        Path world = tmp.resolve("world");
        TinyWorldFiles.writeData(TinyWorldData.generate(TinySuite.FALLBACK_SEED), world);
        assertTrue(TinySuite.hasDataFiles(world));
        EvalSuite read = TinySuite.load(world);
        assertEquals(generated.harmful(), read.harmful());
        assertEquals(generated.benign(), read.benign());
        assertEquals(generated.stem().size(), read.stem().size());
        assertEquals(generated.bio().getFirst().answer(), read.bio().getFirst().answer());

        Files.delete(world.resolve("data/bio_test.jsonl"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TinySuite.load(world));
        assertTrue(e.getMessage().contains("bio_test.jsonl"), e.getMessage());
    }

    @Test
    void defaultWorldFollowsTheRootProperty() {
        String before = System.getProperty(TinySuite.ROOT_PROPERTY);
        try {
            System.setProperty(TinySuite.ROOT_PROPERTY, tmp.toString());
            assertEquals(tmp.resolve("datasets/tiny-world"), TinySuite.defaultWorld());
        } finally {
            if (before == null) {
                System.clearProperty(TinySuite.ROOT_PROPERTY);
            } else {
                System.setProperty(TinySuite.ROOT_PROPERTY, before);
            }
        }
    }
}
