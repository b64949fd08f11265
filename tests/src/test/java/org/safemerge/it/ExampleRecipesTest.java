package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safemerge.it.MergeAssertions.assertValidMerge;
import static org.safemerge.it.MergeAssertions.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.testing.PicoLlama;

/**
 * Every recipe in {@code examples/recipes} runs: those naming {@code models/...} against pico models generated at
 * those paths beside a copy of the recipe, the pico frankenmerge in place on the shipped checkpoint.
 */
class ExampleRecipesTest {
    static final Path EXAMPLES = Path.of(System.getProperty("safemerge.root", "..")).resolve("examples/recipes");

    @Test
    void everyExampleRecipeMerges(@TempDir Path dir) throws Exception {
        Path base = PicoLlama.builder().seed(1).layers(5).dtype(DType.BF16).writeTo(dir.resolve("models/base"));
        PicoLlama.variant(base, dir.resolve("models/math"), 0.01, 2);
        PicoLlama.variant(base, dir.resolve("models/code"), 0.01, 3);
        List<Path> recipes;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            recipes = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(recipes.size() >= 5, "examples found in " + EXAMPLES);
        for (Path recipe : recipes) {
            String text = Files.readString(recipe);
            Path out = dir.resolve("out-" + recipe.getFileName());
            Path run = recipe;
            if (text.contains("models/")) {
                run = dir.resolve(recipe.getFileName());
                Files.writeString(run, text);
            }
            Cli.Result r = cli("merge", run, "--out", out, "--seed", 1);
            assertEquals(0, r.exitCode(), recipe + ": " + r.err());
            int layers = text.contains("passthrough") ? 3 : 5;
            assertValidMerge(out, null, text.contains("out_dtype: bfloat16") || text.contains("dtype: bfloat16")
                    ? DType.BF16 : null, layers);
            try (Checkpoint c = Checkpoint.open(out)) {
                assertTrue(c.tensorNames().contains("model.layers." + (layers - 1) + ".mlp.up_proj.weight"));
            }
        }
    }
}
