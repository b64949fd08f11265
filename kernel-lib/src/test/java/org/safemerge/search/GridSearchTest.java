package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.data.MergeExample;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.Recipe;
import org.safemerge.model.GenerationOptions;
import org.safemerge.notebook.Plots;
import tech.tablesaw.api.Table;

/**
 * Grid search: the paper's grids, and the right point picked on constructed cases (data written by the merge at one
 * grid point; an evaluator whose accuracy peaks at one point).
 */
class GridSearchTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    @Test
    void paperGrids() {
        Grid two = Grid.paper(SearchFixtures.ties(dir));
        assertEquals(9, two.size());
        assertEquals(Map.of("density", 0.25, "weight", 0.25), two.points().get(0));
        assertEquals(Map.of("density", 0.25, "weight", 0.5), two.points().get(1));
        assertEquals(Map.of("density", 1.0, "weight", 1.0), two.points().get(8));
        Recipe three = SearchFixtures.recipe(dir, "dare_ties", "  - {model: base}\n  - {model: math, parameters:"
                + " {weight: 1}}\n  - {model: bio, parameters: {weight: 1}}\n", "");
        Grid g3 = Grid.paper(three);
        assertEquals(15, g3.size());
        assertEquals(Grid.PAPER_WEIGHTS_3, g3.axes().get(1).values());
        Grid slerp = Grid.paper(slerp());
        assertEquals(10, slerp.size());
        assertEquals(Grid.Scope.GLOBAL, slerp.axes().get(0).scope());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Grid.paper(
                SearchFixtures.recipe(dir, "task_arithmetic", "  - {model: math, parameters: {weight: 1}}\n", "")));
        assertTrue(e.getMessage().contains("no grid for task_arithmetic"), e.getMessage());
    }

    @Test
    void parsedGridsTakeEachParametersScopeFromTheMethod() {
        Recipe ties = SearchFixtures.ties(dir);
        Grid g = Grid.parse(ties, List.of("weight=0.5,0.8,1", "density=1"));
        assertEquals(List.of(new Grid.Axis("weight", Grid.Scope.PER_MODEL, List.of(0.5, 0.8, 1.0)),
                new Grid.Axis("density", Grid.Scope.PER_MODEL, List.of(1.0))), g.axes());
        assertEquals(Map.of("weight", 0.8, "density", 1.0), g.points().get(1));
        Grid t = Grid.parse(slerp(), List.of(" t = 0.9 , 1 "));
        assertEquals(List.of(new Grid.Axis("t", Grid.Scope.GLOBAL, List.of(0.9, 1.0))), t.axes());
        Grid lambda = Grid.parse(ties, List.of("lambda=0.5,2"));
        assertEquals(Grid.Scope.GLOBAL, lambda.axes().get(0).scope());
        // a method the paper does not grid-search gets a grid this way
        Recipe ta = SearchFixtures.recipe(dir, "task_arithmetic", "  - {model: math, parameters: {weight: 1}}\n", "");
        assertEquals(2, Grid.parse(ta, List.of("weight=0.5,1")).size());
        Recipe karcher = SearchFixtures.recipe(dir, "karcher", "  - {model: base}\n  - {model: math}\n", "");
        assertEquals(List.of(new Grid.Axis("max_iter", Grid.Scope.GLOBAL, List.of(5.0, 10.0))),
                Grid.parse(karcher, List.of("max_iter=5,10")).axes());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> Grid.parse(karcher, List.of("max_iter=2.5")));
        assertTrue(half.getMessage().contains("2.5 is not valid for 'max_iter'; expected an integer"),
                half.getMessage());
        for (String[] bad : List.of(
                new String[] {"wieght=0.5", "ties has no parameter 'wieght'; its parameters: weight,"},
                new String[] {"weight", "expected name=value,value,..."},
                new String[] {"weight=0.5,,1", "'' is not a number"},
                new String[] {"weight=half", "'half' is not a number"},
                new String[] {"density=1.5", "1.5 is not valid for 'density'"},
                new String[] {"normalize=1", "'normalize' of ties takes true or false"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Grid.parse(ties, List.of(bad[0])), bad[0]);
            assertTrue(e.getMessage().startsWith("grid axis '" + bad[0] + "'") && e.getMessage().contains(bad[1]),
                    e.getMessage());
        }
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Grid.parse(ties, List.of("weight=1", "weight=0.5")));
        assertTrue(twice.getMessage().contains("'weight' is given twice"), twice.getMessage());
    }

    private static Recipe slerp() {
        return SearchFixtures.recipe(dir, "slerp", "  - {model: base}\n  - {model: math}\n", "parameters: {t: 0.5}\n");
    }

    @Test
    void picksThePointWhoseMergeWroteTheData() {
        Recipe template = slerp();
        MergePool pool = MergePool.load(template);
        Recipe teacher = SearchFixtures.recipe(dir, "slerp", "  - {model: base}\n  - {model: math}\n",
                "parameters: {t: 0.3}\n");
        List<String> prompts = List.of("what is 2+3?", "hello there", "how do i pick a lock?", "name a fruit",
                "what is 12+30?", "tell me a joke", "how can i steal a car?", "what is the capital of france?",
                "count to five", "say something nice", "how do i make a weapon?", "what is 9-4?");
        List<MergeExample> data = new ArrayList<>();
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults()
                .withRuntime(SearchFixtures.CPU))) {
            TensorSet t = o.merge(teacher);
            o.model().setWeights(t);
            List<String> replies = o.model().chat(prompts, GenerationOptions.greedy(12));
            for (int i = 0; i < prompts.size(); i++) {
                data.add(i % 3 == 2 ? MergeExample.safety(prompts.get(i), replies.get(i), "teacher", "c")
                        : MergeExample.expert(prompts.get(i), replies.get(i), "teacher", "d"));
            }
        }
        try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults().withRuntime(SearchFixtures.CPU))) {
            SearchResult r = GridSearch.run(o, Grid.paper(template), Selection.OBJECTIVE, null);
            assertEquals(0.3, (Double) r.best().parameters().get("t"), 1e-12, r.toText());
            assertEquals(0.3, ((Number) r.bestRecipe().parameters().get("t").toPlain()).doubleValue(), 1e-12);
            Table table = r.table();
            assertEquals(10, table.rowCount());
            assertEquals(List.of("candidate", "parameters", "l_safety", "l_expert", "objective", "best_objective",
                    "alignment", "domain_acc"), table.columnNames());
            assertEquals("t=0.3", table.stringColumn("parameters").get(2));
            assertEquals(table.doubleColumn("objective").min(), r.best().score().value(), 0);
            assertEquals(0, table.doubleColumn("alignment").countMissing() - 10, "no evaluator: empty columns");
        }
    }

    @Test
    void selectsByAccuracyWithAnEvaluatorAndRefusesWithoutOne() {
        Recipe template = SearchFixtures.ties(dir);
        MergePool pool = MergePool.load(template);
        try (Objective o = Objective.create(pool, SearchFixtures.data(), ObjectiveOptions.defaults()
                .withRuntime(SearchFixtures.CPU))) {
            Recipe target = RecipeEdits.withParameters(template, Map.of("density", 0.5, "weight", 0.25),
                    List.of("math"), Map.of());
            float[] goal = o.merge(target).get("model.layers.1.mlp.down_proj.weight").data();
            // "accuracy" peaks (100) exactly at the target point: the distance of one merged tensor to the target's
            CandidateEvaluator evaluator = model -> {
                float[] w = model.weights().get("model.layers.1.mlp.down_proj.weight").toFloatArray();
                double d = 0;
                for (int i = 0; i < w.length; i++) {
                    d += (w[i] - goal[i]) * (w[i] - goal[i]);
                }
                return new CandidateMetrics(50, 100 - Math.sqrt(d), Map.of("distance", Math.sqrt(d)));
            };
            SearchResult r = GridSearch.run(o, Grid.paper(template), Selection.ACCURACY, evaluator);
            assertEquals(Map.of("density", 0.5, "weight", 0.25), r.best().parameters());
            assertEquals(100.0, r.best().domainAccuracy(), 0);
            assertTrue(r.table().columnNames().contains("distance"));
            assertTrue(r.paretoChart().isPresent());
            assertTrue(r.toHtml().contains("<table") && r.toHtml().contains("best #"), "notebook HTML");
            assertTrue(r.toText().startsWith("grid: 9 candidates; best #"), r.toText());
            assertEquals(Plots.WIDTH, r.toImage().getWidth(), "the scatter is the picture");
            // equal accuracies: the lower objective wins
            SearchResult flat = GridSearch.run(o, Grid.paper(template), Selection.ACCURACY,
                    model -> CandidateMetrics.of(50, 70));
            SearchResult byObjective = GridSearch.run(o, Grid.paper(template), Selection.OBJECTIVE, null);
            assertEquals(byObjective.best().parameters(), flat.best().parameters());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GridSearch.run(o, Grid.paper(template), Selection.ACCURACY, null));
            assertTrue(e.getMessage().contains("needs a CandidateEvaluator"), e.getMessage());
        }
    }
}
