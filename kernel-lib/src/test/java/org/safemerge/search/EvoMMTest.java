package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import tech.tablesaw.api.Table;

/** EvoMM on pico models with a tiny budget: the log, the start point, the best recipe, and reproducibility. */
class EvoMMTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    @Test
    void evolvesLogsAndRebuildsTheBest() throws Exception {
        Recipe template = SearchFixtures.recipe(dir, "dare_ties", "  - {model: base}\n"
                + "  - {model: math, parameters: {weight: 1, density: 0.5}}\n", "");
        MergePool pool = MergePool.load(template);
        EvoMM.Options options = EvoMM.Options.defaults().withBudget(12).withSeed(5);
        SearchResult a;
        SearchResult b;
        SearchResult c;
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults().withSeed(3)
                .withRuntime(SearchFixtures.CPU))) {
            a = EvoMM.run(o, options, null);
            b = EvoMM.run(o, options, null);
            c = EvoMM.run(o, options.withSeed(6), null);
            // the best merged weights score as the best candidate did
            assertEquals(a.best().score().value(), o.score(a.bestWeights()).value(), 1e-12);
        }
        assertEquals(12, a.candidates().size());
        Genome g = Genome.of(pool, 1);
        assertEquals(g.toRecipe(g.start()), a.candidates().get(0).recipe(), "the start point is evaluated first");
        assertTrue(a.best().score().value() <= a.candidates().get(0).score().value());
        assertEquals(a.table().doubleColumn("objective").min(), a.best().score().value(), 0);
        // same seed, same search; another seed, another search
        assertEquals(a.table().print(100), b.table().print(100));
        assertTrue(!a.table().stringColumn("parameters").get(3).equals(c.table().stringColumn("parameters").get(3)));
        // the genes log: evaluation, generation (population 4 + floor(3 ln 8) = 10), objective, decoded genes
        Table genes = a.logs().get("genes");
        assertEquals(12, genes.rowCount());
        assertEquals(List.of(0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2), genes.intColumn("generation").asList());
        assertEquals(3 + g.size(), genes.columnCount());
        assertEquals("g1.math.density", genes.columnNames().get(genes.columnCount() - 1));
        assertArrayEquals(a.objectives(), genes.doubleColumn("objective").asDoubleArray(), 0);
        // the best recipe as YAML rebuilds the best weights with the objective's seed
        Recipe again = Recipe.parse(a.bestRecipe().toYaml(), dir);
        TensorSet rebuilt = Merger.mergeInMemory(pool.plan(again), MergeOptions.defaults().withSeed(3)
                .withProgress(false));
        for (String name : rebuilt.tensorNames()) {
            assertArrayEquals(rebuilt.get(name).data(), a.bestWeights().get(name).data(), name);
        }
        List<Path> files = a.save(dir.resolve("evo"));
        for (String f : List.of("candidates.csv", "objective.png", "best-recipe.yml", "genes.csv")) {
            assertTrue(Files.size(dir.resolve("evo").resolve(f)) > 0, f);
        }
        assertEquals(4, files.size());
        assertTrue(Files.readString(dir.resolve("evo/best-recipe.yml")).contains(dir.resolve("math").toAbsolutePath()
                .toString()), "absolute model paths");
    }
}
