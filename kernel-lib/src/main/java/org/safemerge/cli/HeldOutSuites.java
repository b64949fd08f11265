package org.safemerge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.safemerge.data.TinyWorldExamples;
import org.safemerge.eval.EvalSuite;
import org.safemerge.experiment.TinyWorldFiles;

/**
 * Resolves a {@code --suite} value: {@code tiny} is the held-out suite of the tiny world the pool's models live in
 * ({@code WORLD} of {@code WORLD/zoo/NAME}, or {@code datasets/tiny-world} under the working directory), anything
 * else a directory in the tiny-world layout ({@code DIR/data/{harmful,stem,bio,benign}_test.jsonl}).
 */
final class HeldOutSuites {
    private HeldOutSuites() {
    }

    /**
     * @param suite  the option's value
     * @param option the option's name, for messages
     * @param model  a pool model, to find its tiny world
     * @throws IllegalArgumentException if the suite cannot be found or read
     */
    static EvalSuite resolve(String suite, String option, Path model) {
        Path dir;
        if (suite.equals("tiny")) {
            dir = tinyWorld(model);
            if (dir == null) {
                throw new IllegalArgumentException(option + " tiny: no tiny-world data next to " + model
                        + " (expected WORLD/data/harmful_test.jsonl for a model at WORLD/zoo/NAME) nor in "
                        + Path.of(TinyWorldFiles.DEFAULT_DIR).toAbsolutePath() + "; pass " + option + " DIR");
            }
        } else {
            dir = Path.of(suite);
            if (!Files.isRegularFile(dir.resolve(TinyWorldFiles.DATA).resolve("harmful_test.jsonl"))) {
                throw new IllegalArgumentException(option + " " + suite + ": expected 'tiny' or a directory with"
                        + " data/{harmful,stem,bio,benign}_test.jsonl (the tiny-world layout)");
            }
        }
        return TinyWorldFiles.suite(dir);
    }

    /** @return the suite of the tiny world a model lives in ({@code WORLD/zoo/NAME}), or null if it is not in one */
    static EvalSuite nextTo(Path model) {
        try {
            Path w = TinyWorldExamples.worldOf(model);
            return hasTestData(w) ? TinyWorldFiles.suite(w) : null;
        } catch (IllegalArgumentException notInAZoo) {
            return null;
        }
    }

    private static Path tinyWorld(Path model) {
        try {
            Path w = TinyWorldExamples.worldOf(model);
            if (hasTestData(w)) {
                return w;
            }
        } catch (IllegalArgumentException notInAZoo) {
            // fall through to the default location
        }
        Path d = Path.of(TinyWorldFiles.DEFAULT_DIR);
        return hasTestData(d) ? d : null;
    }

    private static boolean hasTestData(Path world) {
        return Files.isRegularFile(world.resolve(TinyWorldFiles.DATA).resolve("harmful_test.jsonl"));
    }
}
