package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Spherical linear interpolation between the base {@code v0} and one other model {@code v1}, over the whole
 * tensor as one vector: {@code t = 0} gives the base, {@code t = 1} the other.
 *
 * <p>With {@code u = v / |v|} (only when {@code |v| > 1e-8}) and {@code cos = <u0, u1>}: if {@code |cos| > 0.9995}
 * the result is the lerp {@code (1-t) v0 + t v1}; otherwise, with {@code omega = acos(cos)},
 * {@code sin((1-t) omega)/sin(omega) v0 + sin(t omega)/sin(omega) v1}.
 *
 * <ul>
 *   <li>Inputs: the base (required) and exactly one other model.</li>
 *   <li>{@code t} (global, required, 0..1; usually a gradient such as {@code [0, 0.5, 0.3, 0.7, 1]}, often with
 *       filters for {@code self_attn} and {@code mlp}).</li>
 * </ul>
 *
 * @see <a href="https://en.wikipedia.org/wiki/Slerp">Slerp (Shoemake, 1985)</a>
 */
public final class SlerpMerge implements MergeMethod {
    /** Above this |cos| the vectors are treated as colinear and interpolated linearly (mergekit's DOT_THRESHOLD). */
    public static final double DOT_THRESHOLD = 0.9995;

    @Override
    public String id() {
        return "slerp";
    }

    @Override
    public String title() {
        return "SLERP";
    }

    @Override
    public String paperUrl() {
        return "https://en.wikipedia.org/wiki/Slerp";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.REQUIRED;
    }

    @Override
    public int minModels() {
        return 1;
    }

    @Override
    public int maxModels() {
        return 1;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.number("t", null, "interpolation factor: 0 = base, 1 = the other model")
                .range(t -> t >= 0 && t <= 1, "between 0 and 1"));
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        double t = p.number("t");
        double[] s = g.reduce(g.flat(), 3, (c, acc) -> {
            float[] a = c.base();
            float[] b = c.model(0);
            double aa = 0;
            double bb = 0;
            double ab = 0;
            for (int j = 0; j < c.length(); j++) {
                aa += (double) a[j] * a[j];
                bb += (double) b[j] * b[j];
                ab += (double) a[j] * b[j];
            }
            acc[0] += aa;
            acc[1] += bb;
            acc[2] += ab;
        });
        double n0 = Math.sqrt(s[0]);
        double n1 = Math.sqrt(s[1]);
        double cos = s[2] / (n0 > 1e-8 ? n0 : 1) / (n1 > 1e-8 ? n1 : 1);
        double[] k = Slerp.coefficients(t, cos, DOT_THRESHOLD);
        float c0 = (float) k[0];
        float c1 = (float) k[1];
        return g.map(g.flat(), (c, out) -> {
            float[] a = c.base();
            float[] b = c.model(0);
            for (int j = 0; j < c.length(); j++) {
                out[j] = c0 * a[j] + c1 * b[j];
            }
        });
    }
}
