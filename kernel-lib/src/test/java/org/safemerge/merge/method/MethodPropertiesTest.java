package org.safemerge.merge.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeMethods;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.merge.Workers;
import org.safemerge.tensor.FloatTensor;

/**
 * Seeded properties of every method on random 300x250 tensors (two chunks): merging a model with itself returns
 * it, slerp's ends are its inputs, density 1 changes nothing, symmetric methods ignore input order, and neither the
 * thread count nor anything but the seed changes an output byte. The seed and the case are in every message.
 */
class MethodPropertiesTest {
    static final long SEED = 20260101L;
    final FloatTensor base = MethodGoldenTest.random(SEED, 0.02, null);
    final FloatTensor a = MethodGoldenTest.random(SEED + 1, 0.01, base.data());
    final FloatTensor b = MethodGoldenTest.random(SEED + 2, 0.01, base.data());
    final FloatTensor c = MethodGoldenTest.random(SEED + 3, 0.01, base.data());

    /** @return parameters with every required one set to a typical value, for {@code n} models */
    static MergeParams typical(MergeMethod m, int n) {
        MergeParams.Builder p = MergeParams.builder(m, n);
        for (ParameterSpec s : m.parameters()) {
            if (s.required() && s.isPerModel()) {
                double[] w = new double[n];
                for (int i = 0; i < n; i++) {
                    w[i] = 0.2 + 0.3 * i;
                }
                p.perModel(s.name(), w);
            } else if (s.required()) {
                p.set(s.name(), s.name().equals("t") && m.id().equals("nearswap") ? 0.005 : 0.4);
            } else if (s.name().equals("density")) {
                double[] d = new double[n];
                Arrays.fill(d, 0.6);
                p.perModel("density", d);
            } else if (s.name().equals("epsilon") && s.isPerModel()) {
                double[] e = new double[n];
                Arrays.fill(e, 0.1);
                p.perModel("epsilon", e);
            }
        }
        return p.build();
    }

    /** @return the inputs the method takes: base (or null) and models, with {@code models} non-base ones */
    List<FloatTensor> inputs(MergeMethod m) {
        List<FloatTensor> all = new ArrayList<>();
        boolean base = m.baseRole() == MergeMethod.BaseRole.REQUIRED || m.baseRole() == MergeMethod.BaseRole.OPTIONAL;
        all.add(base ? this.base : null);
        int n = Math.min(m.maxModels(), Math.max(m.minModels(), 3));
        List<FloatTensor> pool = List.of(a, b, c);
        for (int i = 0; i < n; i++) {
            all.add(pool.get(i));
        }
        return all;
    }

    static float[] run(MergeMethod m, MergeParams p, long seed, int threads, FloatTensor base, List<FloatTensor> ms) {
        try (Workers w = Workers.create(threads)) {
            TensorGroup g = TensorGroup.of("model.layers.1.mlp.up_proj.weight", seed, base,
                    ms.toArray(FloatTensor[]::new)).withWorkers(w);
            return m.merge(g, p).data();
        }
    }

    @Test
    void mergingAModelWithItselfReturnsIt() {
        for (MergeMethod m : MergeMethods.all()) {
            List<FloatTensor> in = inputs(m);
            int n = in.size() - 1;
            List<FloatTensor> same = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                same.add(a);
            }
            float[] out = run(m, typical(m, n), SEED, 2, in.get(0) == null ? null : a, same);
            for (int i = 0; i < out.length; i++) {
                assertEquals(a.data()[i], out[i], 1e-6 * Math.max(1, Math.abs(a.data()[i])),
                        m.id() + " (seed " + SEED + "): element " + i);
            }
        }
    }

    @Test
    void slerpEndsAreItsInputs() {
        MergeMethod slerp = MergeMethods.get("slerp");
        assertArrayEquals(base.data(), run(slerp, MergeParams.builder(slerp, 1).set("t", 0.0).build(), 0, 1, base,
                List.of(a)), "t = 0 gives the base");
        assertArrayEquals(a.data(), run(slerp, MergeParams.builder(slerp, 1).set("t", 1.0).build(), 0, 1, base,
                List.of(a)), "t = 1 gives the other model");
    }

    @Test
    void densityOneChangesNothing() {
        MergeParams ta = MergeParams.builder(MergeMethods.get("task_arithmetic"), 2).perModel("weight", 0.4, 0.7)
                .build();
        float[] want = run(MergeMethods.get("task_arithmetic"), ta, 0, 1, base, List.of(a, b));
        for (String id : new String[] {"dare_linear", "della_linear", "breadcrumbs"}) {
            MergeParams p = MergeParams.builder(MergeMethods.get(id), 2).perModel("weight", 0.4, 0.7).build();
            assertArrayEquals(want, run(MergeMethods.get(id), p, SEED, 2, base, List.of(a, b)),
                    id + " at density 1 is task arithmetic");
        }
    }

    @Test
    void symmetricMethodsIgnoreInputOrder() {
        for (String id : new String[] {"linear", "task_arithmetic", "ties", "breadcrumbs", "karcher", "model_stock",
                "ram", "ramplus_tl", "sce", "multislerp"}) {
            MergeMethod m = MergeMethods.get(id);
            List<FloatTensor> in = inputs(m);
            MergeParams fwd = typical(m, 3);
            // the same per-model values, listed in reverse with their models
            MergeParams.Builder rb = MergeParams.builder(m, 3);
            fwd.globals().forEach(rb::set);
            for (ParameterSpec s : m.parameters()) {
                if (s.isPerModel() && !s.isIgnored()) {
                    double[] v = fwd.perModel(s.name());
                    rb.perModel(s.name(), v[2], v[1], v[0]);
                }
            }
            float[] x = run(m, fwd, SEED, 1, in.get(0), List.of(in.get(1), in.get(2), in.get(3)));
            float[] y = run(m, rb.build(), SEED, 1, in.get(0), List.of(in.get(3), in.get(2), in.get(1)));
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-6 * Math.max(1e-2, Math.abs(x[i])), id + " (seed " + SEED + ") element "
                        + i);
            }
        }
    }

    @Test
    void outputBytesDependOnTheSeedOnlyNeverOnThreads() {
        for (MergeMethod m : MergeMethods.all()) {
            List<FloatTensor> in = inputs(m);
            MergeParams p = typical(m, in.size() - 1);
            float[] one = run(m, p, SEED, 1, in.get(0), in.subList(1, in.size()));
            for (int threads : new int[] {2, 4}) {
                assertArrayEquals(one, run(m, p, SEED, threads, in.get(0), in.subList(1, in.size())),
                        m.id() + " with " + threads + " threads (seed " + SEED + ")");
            }
        }
        for (String id : new String[] {"dare_ties", "dare_linear", "della", "della_linear"}) {
            MergeMethod m = MergeMethods.get(id);
            List<FloatTensor> in = inputs(m);
            MergeParams p = typical(m, in.size() - 1);
            float[] s1 = run(m, p, 1, 2, in.get(0), in.subList(1, in.size()));
            float[] s2 = run(m, p, 2, 2, in.get(0), in.subList(1, in.size()));
            assertFalse(Arrays.equals(s1, s2), id + ": seeds 1 and 2 draw different masks");
        }
    }

    @Test
    void inputsAreNeverModified() {
        float[] before = a.data().clone();
        for (MergeMethod m : MergeMethods.all()) {
            List<FloatTensor> in = inputs(m);
            run(m, typical(m, in.size() - 1), SEED, 2, in.get(0), in.subList(1, in.size()));
        }
        assertArrayEquals(before, a.data());
    }
}
