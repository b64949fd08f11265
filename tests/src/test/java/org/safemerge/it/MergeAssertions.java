package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.ShardedCheckpointWriter;
import org.safemerge.io.TensorSpec;

/** Shared checks of merge outputs (mergekit's run_and_check_merge) and a CLI shortcut. */
final class MergeAssertions {
    private MergeAssertions() {
    }

    /** Runs {@code safemerge ARGS} in this JVM (arguments converted with toString). */
    static Cli.Result cli(Object... args) {
        return Cli.run(Stream.of(args).map(String::valueOf).toArray(String[]::new));
    }

    /**
     * Checks a merged model directory: weights (one file, or shards with an index), config.json with the layer
     * count, every tensor of {@code like} present with its shape (except {@code lm_head} if the output is tied),
     * no NaN or infinity, every tensor of dtype {@code dtype}, a model card and the resolved recipe.
     */
    static void assertValidMerge(Path dir, Checkpoint like, DType dtype, int layers) {
        assertTrue(Files.exists(dir.resolve(ShardedCheckpointWriter.SINGLE_FILE))
                || Files.exists(dir.resolve(ShardedCheckpointWriter.INDEX_FILE)), dir + " has weights");
        assertTrue(Files.exists(dir.resolve("config.json")), "config.json");
        assertTrue(Files.exists(dir.resolve("README.md")), "model card");
        assertTrue(Files.exists(dir.resolve("safemerge_config.yml")), "resolved recipe");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(layers, c.config().numHiddenLayers(), "num_hidden_layers");
            if (dtype != null) {
                assertEquals(dtype, c.config().torchDtype(), "torch_dtype");
            }
            for (String name : c.tensorNames()) {
                TensorSpec s = c.spec(name);
                if (dtype != null) {
                    assertEquals(dtype, s.dtype(), name + " dtype");
                }
                for (float v : c.load(name).data()) {
                    assertTrue(Float.isFinite(v), name + " has a non-finite value");
                }
            }
            if (like != null) {
                for (String name : like.tensorNames()) {
                    if (name.contains("layers.") || c.contains(name)) {
                        continue;
                    }
                    throw new AssertionError(dir + " lacks " + name);
                }
            }
        }
    }

    /** Asserts that no output directory (nor a leftover temporary sibling) exists for {@code out}. */
    static void assertNoOutput(Path out) throws Exception {
        assertTrue(!Files.exists(out), out + " must not exist");
        if (Files.isDirectory(out.getParent())) {
            try (Stream<Path> s = Files.list(out.getParent())) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("." + out.getFileName() + ".tmp")),
                        "no temporary output left beside " + out);
            }
        }
    }
}
