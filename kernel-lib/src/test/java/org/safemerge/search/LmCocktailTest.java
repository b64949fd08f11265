package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.data.MergeExample;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import tech.tablesaw.api.Table;

/** LM-Cocktail's weights against a hand computation from direct scores of the pool's checkpoints. */
class LmCocktailTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    @Test
    void softmaxOfNegativeLossOverTemperature() {
        double[] w = LmCocktail.weights(new double[] {1.0, 2.0, 4.0}, 1.0);
        double z = Math.exp(-1) + Math.exp(-2) + Math.exp(-4);
        assertArrayEquals(new double[] {Math.exp(-1) / z, Math.exp(-2) / z, Math.exp(-4) / z}, w, 1e-15);
        double[] hot = LmCocktail.weights(new double[] {1.0, 2.0}, LmCocktail.LIBRARY_TEMPERATURE);
        assertEquals(1 / (1 + Math.exp(-0.2)), hot[0], 1e-15);
        double[] huge = LmCocktail.weights(new double[] {1000.0, 1001.0}, 1.0); // stable: no overflow to NaN
        assertEquals(1 / (1 + Math.exp(-1)), huge[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LmCocktail.weights(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> LmCocktail.weights(new double[] {Double.NaN}, 1));
    }

    @Test
    void weightsMatchAHandComputationBothWays() {
        Recipe r = SearchFixtures.recipe(dir, "ties", "  - {model: math, parameters: {weight: 1}}\n"
                + "  - {model: bio, parameters: {weight: 1}}\n", "");
        List<MergeExample> data = SearchFixtures.data();
        MergePool poolModels = MergePool.load(r);
        for (DataMix mix : DataMix.values()) {
            List<PromptAnswer> pairs = new ArrayList<>();
            data.stream().filter(e -> mix == DataMix.EXPERT_AND_SAFETY || e.type() == MergeExample.Type.EXPERT)
                    .forEach(e -> pairs.add(e.pair()));
            List<String> members = List.of("base", "math", "bio");
            double[] losses = new double[3];
            try (LanguageModel m = LanguageModel.load(dir.resolve("base"), SearchFixtures.CPU)) {
                for (int i = 0; i < 3; i++) {
                    try (Checkpoint c = Checkpoint.open(dir.resolve(members.get(i)))) {
                        m.setWeights(c);
                    }
                    losses[i] = m.score(pairs, 5).meanLoss(); // token-weighted over every answer token of the data
                }
            }
            double t = 1.0;
            double z = 0;
            for (double l : losses) {
                z += Math.exp(-l / t);
            }
            SearchResult result;
            try (Objective o = Objective.create(poolModels, data, ObjectiveOptions.defaults().withMix(mix)
                    .withRuntime(SearchFixtures.CPU))) {
                result = LmCocktail.run(o, t, null);
            }
            Table pool = result.logs().get("pool");
            for (int i = 0; i < 3; i++) {
                assertEquals(members.get(i), pool.stringColumn("model").get(i));
                assertEquals(losses[i], pool.doubleColumn("loss").get(i), 1e-5 * losses[i], mix + " loss " + i);
                assertEquals(Math.exp(-losses[i] / t) / z, pool.doubleColumn("weight").get(i), 1e-5,
                        mix + " weight " + i);
                assertEquals(pool.doubleColumn("weight").get(i),
                        (Double) result.best().parameters().get(members.get(i)), 0);
            }
            // the mix is the linear merge of the full weights with those weights
            Recipe mixRecipe = result.bestRecipe();
            assertEquals("linear", mixRecipe.mergeMethod());
            Recipe.Builder b = Recipe.builder("linear").baseDir(dir).dtype("bfloat16");
            for (int i = 0; i < 3; i++) {
                b.model(members.get(i), Map.of("weight", pool.doubleColumn("weight").get(i)));
            }
            TensorSet expected = Merger.mergeInMemory(b.build(), Map.of("base", poolModels.tensors("base"),
                    "math", poolModels.tensors("math"), "bio", poolModels.tensors("bio")),
                    MergeOptions.defaults().withProgress(false));
            for (String name : expected.tensorNames()) {
                assertArrayEquals(expected.get(name).data(), result.bestWeights().get(name).data(), name);
            }
            assertEquals(1, result.candidates().size());
        }
    }
}
