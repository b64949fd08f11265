package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.data.MergeData;
import org.safemerge.data.MergeExample;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;

/**
 * The objective equals a direct scoring of the merged model written to disk: merge with the same recipe and seed,
 * load it with {@link LanguageModel#load}, score each half with {@link LanguageModel#score}.
 */
class ObjectiveTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    @Test
    void objectiveEqualsScoringTheWrittenMergedModel() {
        Recipe r = SearchFixtures.recipe(dir, "dare_ties", "  - {model: math, parameters: {weight: 0.7, density: 0.6}}\n"
                + "  - {model: bio, parameters: {weight: 0.4, density: 0.8}}\n", "");
        List<MergeExample> data = SearchFixtures.data();
        MergePool pool = MergePool.load(r);
        ObjectiveScore s;
        TensorSet inMemory;
        try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults().withSeed(11).withAlpha(0.5)
                .withBatchSize(3).withRuntime(SearchFixtures.CPU))) {
            inMemory = o.merge(r);
            s = o.evaluate(r);
        }
        Path out = dir.resolve("merged-dare");
        Merger.mergeToDirectory(r, out, MergeOptions.defaults().withSeed(11).withProgress(false));
        try (Checkpoint c = Checkpoint.open(out)) {
            for (String name : inMemory.tensorNames()) {
                assertEquals(java.util.Arrays.toString(c.load(name).data()),
                        java.util.Arrays.toString(inMemory.get(name).data()), name);
            }
        }
        try (LanguageModel m = LanguageModel.load(out, SearchFixtures.CPU)) {
            double ls = m.score(pairs(data, MergeExample.Type.SAFETY), 16).meanLoss();
            double le = m.score(pairs(data, MergeExample.Type.EXPERT), 16).meanLoss();
            assertEquals(ls, s.safetyLoss(), 1e-5 * ls, "L_safety");
            assertEquals(le, s.expertLoss(), 1e-5 * le, "L_expert");
            assertEquals(ls + 0.5 * le, s.value(), 1e-5 * (ls + le), "L_merge with alpha 0.5");
            assertTrue(s.safetyTokens() > 0 && s.expertTokens() > 0);
        }
    }

    @Test
    void expertOnlyBaselineIsLExpertAndAlphaIsAnyNumber() {
        Recipe r = SearchFixtures.ties(dir);
        MergePool pool = MergePool.load(r);
        List<MergeExample> data = SearchFixtures.data();
        ObjectiveScore both;
        ObjectiveScore expertOnly;
        ObjectiveScore alpha1;
        try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults().withRuntime(SearchFixtures.CPU))) {
            both = o.evaluate(r);
        }
        try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults().expertOnly()
                .withRuntime(SearchFixtures.CPU))) {
            expertOnly = o.evaluate(r);
        }
        try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults().withAlpha(1.0)
                .withRuntime(SearchFixtures.CPU))) {
            alpha1 = o.evaluate(r);
        }
        assertEquals(both.safetyLoss() + 0.3 * both.expertLoss(), both.value(), 1e-12);
        assertTrue(Double.isNaN(expertOnly.safetyLoss()), "the baseline does not score D_safety");
        assertEquals(both.expertLoss(), expertOnly.expertLoss(), 1e-9);
        assertEquals(expertOnly.expertLoss(), expertOnly.value(), 0);
        assertEquals(both.safetyLoss() + both.expertLoss(), alpha1.value(), 1e-9);
    }

    @Test
    void scoringAPoolModelEqualsScoringItsCheckpoint() {
        Recipe r = SearchFixtures.ties(dir);
        List<MergeExample> data = SearchFixtures.data();
        try (Objective o = Objective.create(MergePool.load(r), data, ObjectiveOptions.defaults()
                .withRuntime(SearchFixtures.CPU));
             LanguageModel m = LanguageModel.load(dir.resolve("base"), SearchFixtures.CPU)) {
            ObjectiveScore s = o.scoreModel("math");
            ObjectiveScore b = o.scoreModel("base");
            double le = m.score(pairs(data, MergeExample.Type.EXPERT), 4).meanLoss();
            assertEquals(le, b.expertLoss(), 1e-5 * le);
            assertTrue(Math.abs(s.expertLoss() - b.expertLoss()) > 1e-3, "math is not the base");
        }
    }

    @Test
    void refusesDataWithoutAHalfItNeeds() {
        MergePool pool = MergePool.load(SearchFixtures.ties(dir));
        List<MergeExample> expertOnly = MergeData.ofType(SearchFixtures.data(), MergeExample.Type.EXPERT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Objective.create(pool,
                expertOnly, ObjectiveOptions.defaults().withRuntime(SearchFixtures.CPU)));
        assertTrue(e.getMessage().contains("no safety lines"), e.getMessage());
        try (Objective o = Objective.create(pool, expertOnly, ObjectiveOptions.defaults().expertOnly()
                .withRuntime(SearchFixtures.CPU))) {
            assertTrue(o.describe().startsWith("L_expert"), o.describe());
        }
        List<MergeExample> safetyOnly = MergeData.ofType(SearchFixtures.data(), MergeExample.Type.SAFETY);
        e = assertThrows(IllegalArgumentException.class, () -> Objective.create(pool, safetyOnly,
                ObjectiveOptions.defaults().withRuntime(SearchFixtures.CPU)));
        assertTrue(e.getMessage().contains("no expert lines"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ObjectiveOptions.defaults().withAlpha(-1));
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void refusesARecipeWithSlices() {
        Recipe sliced = Recipe.parse("merge_method: linear\nslices:\n  - sources:\n"
                + "      - {model: base, layer_range: [0, 2], parameters: {weight: 1}}\n", dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MergePool.load(sliced));
        assertTrue(e.getMessage().contains("models:"), e.getMessage());
    }

    static List<PromptAnswer> pairs(List<MergeExample> data, MergeExample.Type type) {
        return MergeData.ofType(data, type).stream().map(MergeExample::pair).toList();
    }
}
