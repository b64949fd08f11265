package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.safemerge.merge.Recipe;

/** CMA-ES as EvoMM runs it: finds a known optimum, respects the budget, and is reproducible with a seed. */
class CmaEsTest {
    @Test
    void findsTheMinimumOfAQuadraticOverTheGenome() {
        // a genome of 2 layer groups x 2 models x (weight, density): 8 genes, the paper's sigma0 and population, and a
        // quadratic over the genes with its minimum at a known point
        Recipe template = Recipe.parse("merge_method: ties\nbase_model: base\nmodels:\n  - {model: base}\n"
                + "  - {model: math, parameters: {weight: 1}}\n", Path.of("."));
        Genome g = Genome.of(template, 2, 1);
        double[] target = {0.2, 0.9, 0.7, 0.4, 0.35, 0.6, 0.8, 0.55};
        double[] scale = {1, 2, 3, 1, 2, 3, 1, 2};     // an ill-conditioned bowl: CMA-ES must adapt its covariance
        ToDoubleFunction<double[]> f = x -> {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                double d = x[i] - target[i] + (i > 0 ? 0.5 * (x[i - 1] - target[i - 1]) : 0); // correlated genes
                s += scale[i] * scale[i] * d * d;
            }
            return s;
        };
        int population = CmaEs.defaultPopulation(g.size());
        assertEquals(10, population);
        List<CmaEs.Evaluation> log = CmaEs.minimize(f, g.start(), 1.0 / 6, population, 1500, 3);
        CmaEs.Evaluation best = log.stream().min(java.util.Comparator.comparingDouble(CmaEs.Evaluation::value))
                .orElseThrow();
        assertTrue(best.value() < 1e-8, "best " + best.value() + " after " + log.size() + " evaluations");
        for (int i = 0; i < target.length; i++) {
            assertEquals(target[i], best.x()[i], 1e-3, g.geneName(i));
        }
        assertTrue(log.size() <= 1500);
        assertArrayEquals(g.start(), log.get(0).x(), 0, "the start point is the first evaluation");
        assertTrue(f.applyAsDouble(g.start()) > 100 * best.value());
    }

    @Test
    void stopsAtTheBudgetAndRepeatsWithTheSameSeed() {
        ToDoubleFunction<double[]> sphere = x -> {
            double s = 0;
            for (double v : x) {
                s += (v - 1) * (v - 1);
            }
            return s;
        };
        double[] start = new double[12];
        List<CmaEs.Evaluation> a = CmaEs.minimize(sphere, start, 1.0 / 6, 11, 100, 42);
        List<CmaEs.Evaluation> b = CmaEs.minimize(sphere, start, 1.0 / 6, 11, 100, 42);
        List<CmaEs.Evaluation> c = CmaEs.minimize(sphere, start, 1.0 / 6, 11, 100, 43);
        assertEquals(100, a.size());
        assertEquals(100, a.get(99).index());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).x(), b.get(i).x(), 0);
            assertEquals(a.get(i).value(), b.get(i).value(), 0);
        }
        assertTrue(a.get(5).value() != c.get(5).value(), "another seed draws other points");
        assertEquals(1, CmaEs.minimize(sphere, start, 0.1, 4, 1, 0).size());
        // values that are not finite do not break the ranking
        List<CmaEs.Evaluation> nan = CmaEs.minimize(x -> x[0] > 0 ? Double.NaN : sphere.applyAsDouble(x), start,
                1.0 / 6, 11, 60, 1);
        assertEquals(60, nan.size());
    }
}
