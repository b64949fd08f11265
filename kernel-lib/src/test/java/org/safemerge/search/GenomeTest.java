package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.MergePlan;
import org.safemerge.merge.Merger;
import org.safemerge.merge.PlannedTensor;
import org.safemerge.merge.Recipe;

/**
 * EvoMM's genome as PAPER.md and mergekit-evolve define it: layout, start point (weight 1/n, density 1), decoding
 * (|x|, density clipped to [0, 1], SLERP's top-two softmax), and the recipe it decodes to (one slice per layer group,
 * embeddings with the first group, norm and head with the last).
 */
class GenomeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void models() {
        SearchFixtures.pool(dir);
    }

    private static Recipe ties3() {
        return SearchFixtures.recipe(dir, "ties", "  - {model: base}\n  - {model: math, parameters: {weight: 9}}\n"
                + "  - {model: bio, parameters: {weight: 9, density: 0.1}}\n", "");
    }

    @Test
    void layoutAndStartPoint() {
        Genome g = Genome.of(ties3(), 4, 1);
        assertEquals(4 * 3 * 2, g.size());
        assertEquals(List.of("base", "math", "bio"), g.models());
        assertEquals(List.of("weight", "density"), g.parameters());
        assertEquals("g0.base.weight", g.geneName(0));
        assertEquals("g0.base.density", g.geneName(1));
        assertEquals("g0.math.weight", g.geneName(2));
        assertEquals("g1.base.weight", g.geneName(6));
        assertEquals(g.index(3, 2, 1), g.size() - 1);
        double[] x0 = g.start();
        for (int i = 0; i < x0.length; i++) {
            assertEquals(g.geneName(i).endsWith("density") ? 1.0 : 1.0 / 3, x0[i], 0, g.geneName(i));
        }
        assertEquals(2, Genome.of(ties3(), 4, 2).groups());
        assertEquals(1, Genome.of(ties3(), 4, 0).groups());
        assertEquals(4 + (int) Math.floor(3 * Math.log(24)), CmaEs.defaultPopulation(g.size()));
        assertEquals(13, CmaEs.defaultPopulation(24));
    }

    @Test
    void startPointDecodesToWeightOneOverNAndDensityOne() {
        Recipe template = ties3();
        Genome g = Genome.of(template, 2, 1);
        Recipe r = g.toRecipe(g.start());
        assertEquals("ties", r.mergeMethod());
        assertEquals(2, r.slices().size());
        for (int s = 0; s < 2; s++) {
            Recipe.Slice slice = r.slices().get(s);
            assertEquals(3, slice.sources().size());
            for (Recipe.Source src : slice.sources()) {
                assertEquals(new Recipe.LayerRange(s, s + 1), src.layerRange());
                assertEquals(1.0 / 3, ((Number) src.parameters().get("weight").toPlain()).doubleValue(), 0);
                assertEquals(1.0, ((Number) src.parameters().get("density").toPlain()).doubleValue(), 0);
            }
        }
        assertEquals(Boolean.TRUE, r.parameters().get("normalize").toPlain(), "mergekit-evolve's default for ties");
        assertEquals("base", r.baseModel());
        assertEquals(template.dtype(), r.dtype());
    }

    @Test
    void decodingTakesAbsoluteValuesAndClipsDensity() {
        Genome g = Genome.of(ties3(), 2, 1);
        double[] x = g.start();
        x[g.index(0, 1, 0)] = -0.7;  // math weight, group 0
        x[g.index(0, 1, 1)] = -1.6;  // math density: |x| clipped to 1
        x[g.index(1, 2, 1)] = -0.4;  // bio density, group 1
        x[g.index(1, 2, 0)] = 2.5;   // weights are not clipped
        double[] d = g.decode(x);
        assertEquals(0.7, d[g.index(0, 1, 0)], 0);
        assertEquals(1.0, d[g.index(0, 1, 1)], 0);
        assertEquals(0.4, d[g.index(1, 2, 1)], 0);
        assertEquals(2.5, d[g.index(1, 2, 0)], 0);
        Recipe r = g.toRecipe(x);
        assertEquals(0.7, value(r, 0, "math", "weight"), 0);
        assertEquals(1.0, value(r, 0, "math", "density"), 0);
        assertEquals(0.4, value(r, 1, "bio", "density"), 0);
        assertEquals(2.5, value(r, 1, "bio", "weight"), 0);
        assertEquals(List.of(0.7, 1.0 / 3), g.parameters(x).get("math.weight"));
        assertTrue(g.label(x).contains("math.weight=[0.7 0.3333]"), g.label(x));
        assertThrows(IllegalArgumentException.class, () -> g.toRecipe(new double[3]));
    }

    private static double value(Recipe r, int slice, String model, String param) {
        return r.slices().get(slice).sources().stream().filter(s -> s.model().equals(model)).findFirst().orElseThrow()
                .parameters().get(param).toPlain() instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @Test
    void groupsFollowMergekitSliceRules() {
        // genes equal in every group: the genome's merge equals the models: recipe with those values as scalars
        Recipe template = ties3();
        MergePool pool = MergePool.load(template);
        Genome g = Genome.of(pool, 1);
        double[] x = g.start();
        for (int group = 0; group < g.groups(); group++) {
            x[g.index(group, 1, 0)] = 0.8;
            x[g.index(group, 1, 1)] = 0.6;
            x[g.index(group, 2, 0)] = 0.3;
            x[g.index(group, 2, 1)] = 0.9;
        }
        Recipe flat = SearchFixtures.recipe(dir, "ties", "  - {model: base}\n  - {model: math, parameters: {weight: 0.8,"
                + " density: 0.6}}\n  - {model: bio, parameters: {weight: 0.3, density: 0.9}}\n", "");
        MergeOptions o = MergeOptions.defaults().withProgress(false);
        TensorSet a = Merger.mergeInMemory(pool.plan(g.toRecipe(x)), o);
        TensorSet b = Merger.mergeInMemory(pool.plan(flat), o);
        assertEquals(b.tensorNames(), a.tensorNames());
        for (String name : b.tensorNames()) {
            assertArrayEquals(b.get(name).data(), a.get(name).data(), name);
        }
        // different groups: embeddings take group 0's values, the final norm (and head) the last group's
        x[g.index(1, 1, 0)] = 0.1;
        MergePlan plan = pool.plan(g.toRecipe(x));
        for (PlannedTensor t : plan.tensors()) {
            double w = (Double) t.params().perModelValues().get(t.models().stream().map(PlannedTensor.Input::model)
                    .toList().indexOf("math")).get("weight");
            boolean lastGroup = t.name().startsWith("model.layers.1.") || t.name().equals("model.norm.weight")
                    || t.name().equals("lm_head.weight");
            assertEquals(lastGroup ? 0.1 : 0.8, w, 1e-12, t.name());
        }
    }

    @Test
    void theBaseModelsOwnTiesGenesChangeNoMerge() {
        // the paper's genome lists the base among the models; its task vector is zero, so only the start point and
        // the gene count differ from a genome of the experts alone
        Recipe withBase = SearchFixtures.recipe(dir, "ties",
                "  - {model: base}\n  - {model: math, parameters: {weight: 1}}\n", "parameters: {normalize: false}\n");
        MergePool pool = MergePool.load(withBase);
        Genome g = Genome.of(pool, 1);
        assertEquals(0.5, g.start()[g.index(0, 1, 0)], 0, "weight 1/n over the two listed models");
        double[] x = g.start();
        double[] y = x.clone();
        for (int group = 0; group < g.groups(); group++) {
            x[g.index(group, 0, 0)] = 3.0;
            x[g.index(group, 0, 1)] = 0.2;
            y[g.index(group, 0, 0)] = 0.01;
        }
        Recipe expertOnly = SearchFixtures.recipe(dir, "ties",
                "  - {model: math, parameters: {weight: 0.5, density: 1}}\n", "parameters: {normalize: false}\n");
        MergeOptions o = MergeOptions.defaults().withProgress(false);
        TensorSet a = Merger.mergeInMemory(pool.plan(g.toRecipe(x)), o);
        TensorSet b = Merger.mergeInMemory(pool.plan(g.toRecipe(y)), o);
        TensorSet c = Merger.mergeInMemory(MergePool.load(expertOnly).plan(expertOnly), o);
        for (String name : c.tensorNames()) {
            assertArrayEquals(c.get(name).data(), a.get(name).data(), name);
            assertArrayEquals(c.get(name).data(), b.get(name).data(), name);
        }
    }

    @Test
    void slerpTakesTheTwoHighestGenesWithSoftmaxT() {
        Recipe template = SearchFixtures.recipe(dir, "slerp", "  - {model: base}\n  - {model: math}\n",
                "parameters: {t: 0.9}\n");
        MergePool pool = MergePool.load(template);
        Genome g = Genome.of(pool, 1);
        assertEquals(4, g.size());
        assertEquals(List.of("t"), g.parameters());
        double[] x = g.start();                      // both 1/2: a tie goes to the earlier model (base), t = 0.5
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, x, 0);
        Recipe.Slice s0 = g.toRecipe(x).slices().get(0);
        assertEquals("base", s0.baseModel());
        assertEquals(List.of("base", "math"), s0.sources().stream().map(Recipe.Source::model).toList());
        assertEquals(0.5, ((Number) s0.parameters().get("t").toPlain()).doubleValue(), 1e-15);
        x[g.index(1, 1, 0)] = 2.0;                   // group 1: math highest, so it is the slice's base
        x[g.index(1, 0, 0)] = 0.25;
        Recipe r = g.toRecipe(x);
        Recipe.Slice s1 = r.slices().get(1);
        assertEquals("math", s1.baseModel());
        assertEquals(List.of("math", "base"), s1.sources().stream().map(Recipe.Source::model).toList());
        double t = Math.exp(0.25) / (Math.exp(2.0) + Math.exp(0.25));
        assertEquals(t, ((Number) s1.parameters().get("t").toPlain()).doubleValue(), 1e-15);
        assertEquals(List.of("base", "math"), g.parameters(x).get("base"));
        assertEquals(t, (Double) ((List<?>) g.parameters(x).get("t")).get(1), 1e-15);
        assertEquals(2, pool.plan(r).layerCount(), "the decoded recipe plans");
        assertTrue(r.models().isEmpty(), "slices only");
    }

    @Test
    void refusals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Genome.of(
                SearchFixtures.recipe(dir, "della", "  - {model: math, parameters: {weight: 1, density: 0.5}}\n", ""),
                2, 1));
        assertTrue(e.getMessage().contains("EvoMM evolves [linear, task_arithmetic, ties, dare_ties, slerp]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Genome.of(ties3(), 3, 2));
        assertTrue(e.getMessage().contains("does not divide the 3 layers"), e.getMessage());
    }
}
