package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import tech.tablesaw.api.Table;

/** AdaMerging reduces its loss, keeps its coefficients in range, rebuilds as a recipe and repeats with a seed. */
class AdaMergingTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    private static Recipe pool() {
        return SearchFixtures.recipe(dir, "task_arithmetic", "  - {model: math, parameters: {weight: 1}}\n"
                + "  - {model: bio, parameters: {weight: 1}}\n", "");
    }

    @Test
    void crossEntropyLayerWiseLowersTheObjectiveWithinTheClamp() {
        MergePool pool = MergePool.load(pool());
        AdaMerging.Options options = AdaMerging.Options.defaults().withSteps(30).withLearningRate(0.05)
                .withBatchSize(8).withRange(0.0, 0.6).withSeed(4);
        SearchResult a;
        SearchResult b;
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults()
                .withRuntime(SearchFixtures.CPU))) {
            a = AdaMerging.run(o, options, null);
            b = AdaMerging.run(o, options, null);
        }
        Table log = a.logs().get("loss");
        assertEquals(30, log.rowCount());
        assertEquals(2 + 2 * 2, log.columnCount(), "step, loss, 2 groups x 2 experts");
        assertEquals("g1.bio", log.columnNames().get(5));
        double[] loss = log.doubleColumn("loss").asDoubleArray();
        double first = Arrays.stream(loss, 0, 5).average().orElseThrow();
        double last = Arrays.stream(loss, 25, 30).average().orElseThrow();
        assertTrue(last < first - 0.01, "loss " + first + " -> " + last);
        for (int c = 2; c < log.columnCount(); c++) {
            for (double v : log.doubleColumn(c).asDoubleArray()) {
                assertTrue(v >= 0.0 && v <= 0.6, log.columnNames().get(c) + " = " + v);
            }
        }
        // candidates: the start (every coefficient 0.3) and the result, which is reported as the best
        assertEquals(2, a.candidates().size());
        assertEquals(2, a.best().index());
        assertTrue(a.best().score().value() < a.candidates().get(0).score().value(),
                a.candidates().get(0).score() + " -> " + a.best().score());
        assertEquals(log.print(100), b.logs().get("loss").print(100), "same seed, same run");
        assertTrue(a.charts().containsKey("loss"));
    }

    @Test
    void resultRebuildsAsTaskArithmeticRecipe() {
        MergePool pool = MergePool.load(pool());
        SearchResult r;
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults()
                .withRuntime(SearchFixtures.CPU))) {
            r = AdaMerging.run(o, AdaMerging.Options.defaults().withSteps(3).withLearningRate(0.1), null);
        }
        Recipe best = r.bestRecipe();
        assertEquals("task_arithmetic", best.mergeMethod());
        assertEquals(2, best.slices().size(), "layer-wise: one slice per layer");
        Table log = r.logs().get("loss");
        int last = log.rowCount() - 1;
        double w = ((Number) best.slices().get(1).sources().get(2).parameters().get("weight").toPlain()).doubleValue();
        assertEquals(log.doubleColumn("g1.bio").get(last), w, 0);
        // theta0 + sum_k lambda_k tau_k, computed here by hand for the last layer's down projection
        String name = "model.layers.1.mlp.down_proj.weight";
        float[] base = pool.tensors("base").get(name).data();
        float[] math = pool.tensors("math").get(name).data();
        float[] bio = pool.tensors("bio").get(name).data();
        double lm = log.doubleColumn("g1.math").get(last);
        float[] merged = r.bestWeights().get(name).data();
        for (int i = 0; i < base.length; i++) {
            double expected = base[i] + lm * (math[i] - base[i]) + w * (bio[i] - base[i]);
            assertEquals(expected, merged[i], Math.abs(expected) * 1e-2 + 1e-6, "element " + i); // bf16 rounding
        }
    }

    @Test
    void entropyTaskWiseLowersTheEntropy() {
        MergePool pool = MergePool.load(pool());
        SearchResult r;
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults().expertOnly()
                .withRuntime(SearchFixtures.CPU))) {
            r = AdaMerging.run(o, AdaMerging.Options.defaults().withLoss(AdaMerging.Loss.ENTROPY)
                    .withGranularity(AdaMerging.Granularity.TASK_WISE).withSteps(25).withLearningRate(0.05), null);
        }
        Table log = r.logs().get("loss");
        assertEquals(4, log.columnCount(), "step, loss, one coefficient per expert");
        assertEquals("math", log.columnNames().get(2));
        double[] loss = log.doubleColumn("loss").asDoubleArray();
        assertTrue(loss[loss.length - 1] < loss[0] - 0.01, "entropy " + loss[0] + " -> " + loss[loss.length - 1]);
        Recipe best = r.bestRecipe();
        assertTrue(best.slices().isEmpty());
        assertEquals(2, best.models().size());
        TensorSet rebuilt = Merger.mergeInMemory(pool.plan(Recipe.parse(best.toYaml(), dir)),
                MergeOptions.defaults().withProgress(false));
        for (String name : rebuilt.tensorNames()) {
            assertArrayEquals(rebuilt.get(name).data(), r.bestWeights().get(name).data(), name);
        }
    }
}
