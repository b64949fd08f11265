package org.safemerge.merge.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeMethods;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.Reference;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Golden values for every deterministic method: tiny tensors worked out by hand (the arithmetic is in the
 * comments), and random 300x250 tensors (two chunks, so the chunked passes are exercised) against the float64
 * re-derivation in {@link Reference}. Tolerance: hand values 1e-6 absolute; reference comparisons
 * {@code |got - want| <= 1e-5 + 1e-4 |want|} (float32 engine vs float64 reference).
 */
class MethodGoldenTest {
    static final int ROWS = 300;
    static final int COLS = 250;

    static FloatTensor vec(float... v) {
        return FloatTensor.of(v, v.length);
    }

    static FloatTensor random(long seed, double std, float[] around) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((around == null ? 0 : around[i]) + std * gaussian(r));
        }
        return FloatTensor.of(v, ROWS, COLS);
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static MergeParams.Builder params(String id, int n) {
        return MergeParams.builder(MergeMethods.get(id), n);
    }

    static float[] merge(String id, MergeParams p, FloatTensor base, FloatTensor... models) {
        MergeMethod m = MergeMethods.get(id);
        return m.merge(TensorGroup.of("t", base, models), p).data();
    }

    static void assertHand(float[] got, double... want) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "element " + i);
        }
    }

    static void assertClose(double[] want, float[] got, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            double tol = 1e-5 + 1e-4 * Math.abs(want[i]);
            if (Math.abs(got[i] - want[i]) > tol) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", reference " + want[i]);
            }
        }
    }

    // ---- hand-computed ----

    @Test
    void linearByHand() {
        // (0.25 [1,2,3,4] + 0.75 [3,2,1,0]) / 1 = [2.5, 2, 1.5, 1]
        assertHand(merge("linear", params("linear", 2).perModel("weight", 0.25, 0.75).build(), null,
                vec(1, 2, 3, 4), vec(3, 2, 1, 0)), 2.5, 2, 1.5, 1);
        // normalize false, weights 1, 1: plain sum
        assertHand(merge("linear", params("linear", 2).perModel("weight", 1, 1).set("normalize", false).build(),
                null, vec(1, 2, 3, 4), vec(3, 2, 1, 0)), 4, 4, 4, 4);
    }

    @Test
    void slerpByHand() {
        // orthogonal unit vectors, t = 0.5: omega = pi/2, both coefficients sin(pi/4) = 0.70710678
        assertHand(merge("slerp", params("slerp", 1).set("t", 0.5).build(), vec(1, 0), vec(0, 1)),
                Math.sqrt(0.5), Math.sqrt(0.5));
        // colinear (|cos| > 0.9995): lerp, 0.75 [2, 0] + 0.25 [4, 0] = [2.5, 0]
        assertHand(merge("slerp", params("slerp", 1).set("t", 0.25).build(), vec(2, 0), vec(4, 0)), 2.5, 0);
    }

    @Test
    void nuslerpByHand() {
        // weights 1, 1 give t = 0.5; zero-sum weights -0.5, 0.5 also give t = 0.5
        assertHand(merge("nuslerp", params("nuslerp", 2).perModel("weight", 1, 1).build(), null, vec(1, 0),
                vec(0, 1)), Math.sqrt(0.5), Math.sqrt(0.5));
        assertHand(merge("nuslerp", params("nuslerp", 2).perModel("weight", -0.5, 0.5).build(), null, vec(1, 0),
                vec(0, 1)), Math.sqrt(0.5), Math.sqrt(0.5));
        // weights 0, 1: t = 1, the second model
        assertHand(merge("nuslerp", params("nuslerp", 2).perModel("weight", 0, 1).build(), null, vec(1, 0),
                vec(0, 1)), 0, 1);
    }

    @Test
    void multislerpAndKarcherByHand() {
        // two orthogonal unit vectors, equal weights: the mean direction [1,1]/sqrt2 at mean norm 1
        assertHand(merge("multislerp", params("multislerp", 2).perModel("weight", 0.5, 0.5).build(), null,
                vec(1, 0), vec(0, 1)), Math.sqrt(0.5), Math.sqrt(0.5));
        assertHand(merge("karcher", params("karcher", 2).build(), null, vec(1, 0), vec(0, 1)),
                Math.sqrt(0.5), Math.sqrt(0.5));
        // karcher scales by the mean norm: [2,0] and [0,4] -> direction [1,1]/sqrt2, norm 3
        float[] k = merge("karcher", params("karcher", 2).build(), null, vec(2, 0), vec(0, 4));
        assertEquals(3.0, Math.hypot(k[0], k[1]), 1e-5);
    }

    @Test
    void taskArithmeticByHand() {
        // tau_a = [1,0,-1,0], tau_b = [0,2,0,-1]; 0.5 tau_a + tau_b = [0.5,2,-0.5,-1]; + base 1
        FloatTensor base = vec(1, 1, 1, 1);
        MergeParams p = params("task_arithmetic", 2).perModel("weight", 0.5, 1).build();
        assertHand(merge("task_arithmetic", p, base, vec(2, 1, 0, 1), vec(1, 3, 1, 0)), 1.5, 3, 0.5, 0);
        // lambda 0.5 halves the merged task vector
        MergeParams half = params("task_arithmetic", 2).perModel("weight", 0.5, 1).set("lambda", 0.5).build();
        assertHand(merge("task_arithmetic", half, base, vec(2, 1, 0, 1), vec(1, 3, 1, 0)), 1.25, 2, 0.75, 0.5);
    }

    @Test
    void tiesByHand() {
        // density 0.5 keeps 2 of 4: tau_a [3,-1,2,-4] -> [3,0,0,-4]; tau_b [-2,1,-3,1] -> [-2,0,-3,0]
        // weights 2, 1: weighted sums [4,0,-3,-8] -> signs + + - -;
        // pos0: a (6) agrees, b (-2) not -> 6/2 = 3; pos1: nothing -> 0; pos2: b -> -3/1; pos3: a -> -8/2 = -4
        FloatTensor base = vec(0, 0, 0, 0);
        FloatTensor a = vec(3, -1, 2, -4);
        FloatTensor b = vec(-2, 1, -3, 1);
        MergeParams p = params("ties", 2).perModel("weight", 2, 1).perModel("density", 0.5, 0.5).build();
        assertHand(merge("ties", p, base, a, b), 3, 0, -3, -4);
        // paper mode: signs of the unweighted sums (same here), divide by the count: [6, 0, -3, -8]
        MergeParams paper = params("ties", 2).perModel("weight", 2, 1).perModel("density", 0.5, 0.5)
                .set("sign_election", "unweighted").build();
        assertHand(merge("ties", paper, base, a, b), 6, 0, -3, -8);
        // where the two rules disagree: tau_a = 1 (w 3), tau_b = -2 (w 1): weighted sum 1 -> a wins: 3/3 = 1;
        // unweighted sum -1 -> b wins: 1 * -2 / 1 = -2
        MergeParams w = params("ties", 2).perModel("weight", 3, 1).build();
        assertHand(merge("ties", w, vec(0), vec(1), vec(-2)), 1);
        MergeParams u = params("ties", 2).perModel("weight", 3, 1).set("sign_election", "unweighted").build();
        assertHand(merge("ties", u, vec(0), vec(1), vec(-2)), -2);
    }

    @Test
    void breadcrumbsByHand() {
        // N = 10, tau = 1..10, density 0.5, gamma 0.2: target 5, n_top 2, n_bot 3 -> keep ranks 3..7: 4..8
        FloatTensor base = FloatTensor.zeros(10);
        FloatTensor a = vec(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        MergeParams p = params("breadcrumbs", 1).perModel("weight", 1).perModel("density", 0.5)
                .perModel("gamma", 0.2).build();
        assertHand(merge("breadcrumbs", p, base, a), 0, 0, 0, 4, 5, 6, 7, 8, 0, 0);
        // gamma 0 (n_top = 0): mergekit's [n_bot:-0] keeps nothing; SafeMerge keeps the top 5 as intended
        MergeParams g0 = params("breadcrumbs", 1).perModel("weight", 1).perModel("density", 0.5)
                .perModel("gamma", 0.0).build();
        assertHand(merge("breadcrumbs", g0, base, a), 0, 0, 0, 0, 0, 6, 7, 8, 9, 10);
    }

    @Test
    void sceByHand() {
        // tau_a = [1,2], tau_b = [3,-2]; mean squares 2.5 and 6.5 -> c = [5/18, 13/18]
        // pos0: both positive: (5/18 + 13/18 * 3) / 1 = 44/18; pos1: sum 0 -> +, only a: 2
        assertHand(merge("sce", params("sce", 2).build(), vec(0, 0), vec(1, 2), vec(3, -2)), 44.0 / 18, 2);
    }

    @Test
    void modelStockByHand() {
        // delta [1,0] and [1,1]: cos = 1/sqrt2; N = 2: t = 2c/(1+c) = 0.8284271; mean [1, 0.5]
        double c = Math.sqrt(0.5);
        double t = 2 * c / (1 + c);
        assertHand(merge("model_stock", params("model_stock", 2).build(), vec(0, 0), vec(1, 0), vec(1, 1)),
                t, t * 0.5);
        // orthogonal task vectors: cos 0, t 0: the base
        assertHand(merge("model_stock", params("model_stock", 2).build(), vec(5, 5), vec(6, 5), vec(5, 6)), 5, 5);
    }

    @Test
    void nearswapRamPassthroughByHand() {
        // |diff| = [0.5, 0.01, 2], t 0.1 -> w = [0.2, 1, 0.05] -> w x + (1-w) base = [0.1, 0.01, -0.1]
        assertHand(merge("nearswap", params("nearswap", 1).set("t", 0.1).build(), vec(0, 0, 0),
                vec(0.5f, 0.01f, -2)), 0.1, 0.01, -0.1);
        // RAM: pos0 shared by both -> mean 2; pos2 only a -> 2
        assertHand(merge("ram", params("ram", 2).build(), vec(0, 0, 0), vec(1, 0, 2), vec(3, 0, 0)), 2, 0, 2);
        // RAM+TL: a has 1 shared, 1 unique: rho 1 -> lambda 1 + 0.1 min(1, 0.2) = 1.02 on its unique change
        assertHand(merge("ramplus_tl", params("ramplus_tl", 2).build(), vec(0, 0, 0), vec(1, 0, 2), vec(3, 0, 0)),
                2, 0, 2.04);
        assertHand(merge("passthrough", params("passthrough", 1).perModel("scale", 0.5).build(), null,
                vec(2, -4)), 1, -2);
    }

    // ---- against the float64 reference on two-chunk tensors ----

    final FloatTensor base = random(1, 0.02, null);
    final FloatTensor a = random(2, 0.01, base.data());
    final FloatTensor b = random(3, 0.01, base.data());
    final FloatTensor c = random(4, 0.01, base.data());

    @Test
    void interpolationMethodsMatchReference() {
        float[][] ab = {a.data(), b.data()};
        assertClose(Reference.linear(ab, new double[] {0.3, 0.9}, true),
                merge("linear", params("linear", 2).perModel("weight", 0.3, 0.9).build(), null, a, b), "linear");
        assertClose(Reference.slerp(0.3, base.data(), a.data()),
                merge("slerp", params("slerp", 1).set("t", 0.3).build(), base, a), "slerp");
        for (int mode = 0; mode < 3; mode++) {
            MergeParams p = params("nuslerp", 2).perModel("weight", 0.4, 0.6).set("nuslerp_flatten", mode == 0)
                    .set("nuslerp_row_wise", mode == 2).build();
            assertClose(Reference.nuslerp(base.data(), a.data(), b.data(), 0.4, 0.6, ROWS, COLS, mode),
                    merge("nuslerp", p, base, a, b), "nuslerp mode " + mode);
            assertClose(Reference.nuslerp(null, a.data(), b.data(), 0.4, 0.6, ROWS, COLS, mode),
                    merge("nuslerp", p, null, a, b), "nuslerp without base, mode " + mode);
        }
        assertClose(Reference.multislerp(base.data(), new float[][] {a.data(), b.data(), c.data()},
                        new double[] {0.2, 0.3, 0.5}, 1e-8),
                merge("multislerp", params("multislerp", 3).perModel("weight", 0.2, 0.3, 0.5).build(), base, a, b, c),
                "multislerp");
        assertClose(Reference.karcher(new float[][] {a.data(), b.data(), c.data()}, 10, 1e-5),
                merge("karcher", params("karcher", 3).build(), null, a, b, c), "karcher");
    }

    @Test
    void taskVectorMethodsMatchReference() {
        double[] w = {0.7, 0.5};
        double[][] dense = {Reference.delta(a.data(), base.data()), Reference.delta(b.data(), base.data())};
        assertClose(Reference.taskArithmetic(base.data(), dense, w, 0, false, 1.0),
                merge("task_arithmetic", params("task_arithmetic", 2).perModel("weight", w).build(), base, a, b),
                "task_arithmetic");
        double[][] top = {Reference.magnitude(dense[0], 0.3), Reference.magnitude(dense[1], 0.6)};
        for (String mode : new String[] {"weighted", "unweighted"}) {
            MergeParams p = params("ties", 2).perModel("weight", w).perModel("density", 0.3, 0.6)
                    .set("sign_election", mode).set("lambda", 1.3).build();
            assertClose(Reference.taskArithmetic(base.data(), top, w, mode.equals("weighted") ? 1 : 2, true, 1.3),
                    merge("ties", p, base, a, b), "ties " + mode);
        }
        double[][] band = {Reference.outliers(dense[0], 0.5, 0.05), Reference.outliers(dense[1], 0.4, 0.1)};
        MergeParams bp = params("breadcrumbs", 2).perModel("weight", w).perModel("density", 0.5, 0.4)
                .perModel("gamma", 0.05, 0.1).build();
        assertClose(Reference.taskArithmetic(base.data(), band, w, 0, false, 1.0),
                merge("breadcrumbs", bp, base, a, b), "breadcrumbs");
        MergeParams btp = params("breadcrumbs_ties", 2).perModel("weight", w).perModel("density", 0.5, 0.4)
                .perModel("gamma", 0.05, 0.1).build();
        assertClose(Reference.taskArithmetic(base.data(), band, w, 1, false, 1.0),
                merge("breadcrumbs_ties", btp, base, a, b), "breadcrumbs_ties");
    }

    @Test
    void otherMethodsMatchReference() {
        float[][] abc = {a.data(), b.data(), c.data()};
        assertClose(Reference.sce(base.data(), abc, 1.0), merge("sce", params("sce", 3).build(), base, a, b, c),
                "sce");
        assertClose(Reference.sce(base.data(), abc, 0.4),
                merge("sce", params("sce", 3).set("select_topk", 0.4).build(), base, a, b, c), "sce topk 0.4");
        assertClose(Reference.modelStock(base.data(), abc, false, ROWS, COLS),
                merge("model_stock", params("model_stock", 3).build(), base, a, b, c), "model_stock");
        assertClose(Reference.modelStock(base.data(), abc, true, ROWS, COLS),
                merge("model_stock", params("model_stock", 3).set("filter_wise", true).build(), base, a, b, c),
                "model_stock filter_wise");
        assertClose(Reference.nearswap(base.data(), a.data(), 0.008),
                merge("nearswap", params("nearswap", 1).set("t", 0.008).build(), base, a), "nearswap");
        assertClose(Reference.ram(base.data(), abc, 0.01, false, 0, 0),
                merge("ram", params("ram", 3).set("epsilon", 0.01).build(), base, a, b, c), "ram");
        assertClose(Reference.ram(base.data(), abc, 0.01, true, 0.5, 0.9),
                merge("ramplus_tl", params("ramplus_tl", 3).set("epsilon", 0.01).set("r", 0.5).set("alpha", 0.9)
                        .build(), base, a, b, c), "ramplus_tl");
        assertClose(Reference.arceeFusion(base.data(), a.data(), ROWS, COLS),
                merge("arcee_fusion", params("arcee_fusion", 1).build(), base, a), "arcee_fusion");
        float[] fused = merge("arcee_fusion", params("arcee_fusion", 1).build(), base, a);
        int taken = 0;
        for (int i = 0; i < fused.length; i++) {
            taken += fused[i] == a.data()[i] && a.data()[i] != base.data()[i] ? 1 : 0;
        }
        assertTrue(taken > 0 && taken < fused.length / 2, "arcee_fusion takes a minority of changes: " + taken);
    }

    @Test
    void passthroughCopies() {
        assertArrayEquals(a.data(), merge("passthrough", params("passthrough", 1).build(), null, a));
    }
}
