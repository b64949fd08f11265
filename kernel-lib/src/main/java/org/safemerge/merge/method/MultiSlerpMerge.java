package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Multi-SLERP: a weighted spherical average of several models (task vectors when a base is given), each tensor one
 * vector.
 *
 * <p>{@code v_i = theta_i - base}; weights normalised to sum 1 ({@code normalize_weights}); units
 * {@code u_i = v_i / (|v_i| + eps)}; {@code m = sum w_i u_i} (if {@code |m| < eps}: two models give the linear blend
 * {@code sum w_i v_i}, more are refused as antipodal); {@code m <- m/|m|}; tangents {@code t_i = u_i - <u_i,m> m};
 * {@code T = sum w_i t_i}; {@code r = cos|T| m + sin|T|/|T| T} with {@code |T| + eps}; result
 * {@code base + (sum w_i |v_i|) r}. When every task vector is zero the result is the base (mergekit raises).
 *
 * <ul>
 *   <li>Inputs: two or more models, optional base.</li>
 *   <li>{@code weight} (per model, required); {@code normalize_weights} (default true); {@code eps} (1e-8).</li>
 * </ul>
 *
 * @see <a href="https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md">mergekit: Multi-SLERP</a>
 */
public final class MultiSlerpMerge implements MergeMethod {
    @Override
    public String id() {
        return "multislerp";
    }

    @Override
    public String title() {
        return "Multi-SLERP";
    }

    @Override
    public String paperUrl() {
        return "https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.OPTIONAL;
    }

    @Override
    public int minModels() {
        return 2;
    }

    @Override
    public int maxModels() {
        return Integer.MAX_VALUE;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("weight", null, "weight of the model on the sphere").perModel(),
                ParameterSpec.bool("normalize_weights", true, "scale the weights to sum to 1"),
                ParameterSpec.number("eps", 1e-8, "guard added to norms").range(v -> v > 0, "greater than 0"));
    }

    @Override
    public void check(MergeParams p) {
        double sum = 0;
        for (double w : p.perModel("weight")) {
            sum += w;
        }
        if (p.flag("normalize_weights") && sum == 0) {
            throw new IllegalArgumentException("the weights sum to 0 and normalize_weights is true");
        }
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        int n = g.size();
        double eps = p.number("eps");
        double[] w = p.perModel("weight");
        if (p.flag("normalize_weights")) {
            double sum = 0;
            for (double x : w) {
                sum += x;
            }
            for (int i = 0; i < n; i++) {
                w[i] /= sum;
            }
        }
        double[] sq = g.reduce(g.flat(), n, (c, acc) -> {
            for (int i = 0; i < n; i++) {
                float[] v = c.delta(i);
                double s = 0;
                for (int j = 0; j < c.length(); j++) {
                    s += (double) v[j] * v[j];
                }
                acc[i] += s;
            }
        });
        double[] norm = new double[n];
        float[] unit = new float[n]; // w_i / (|v_i| + eps): the coefficient of v_i in m
        double scale = 0;
        for (int i = 0; i < n; i++) {
            norm[i] = Math.sqrt(sq[i]);
            unit[i] = (float) (w[i] / (norm[i] + eps));
            scale += w[i] * norm[i];
        }
        // |m|^2 and <v_i, m>
        double[] s = g.reduce(g.flat(), n + 1, (c, acc) -> {
            float[] m = mean(c, n, unit);
            double mm = 0;
            for (int j = 0; j < c.length(); j++) {
                mm += (double) m[j] * m[j];
            }
            acc[n] += mm;
            for (int i = 0; i < n; i++) {
                float[] v = c.delta(i);
                double d = 0;
                for (int j = 0; j < c.length(); j++) {
                    d += (double) v[j] * m[j];
                }
                acc[i] += d;
            }
        });
        double mNorm = Math.sqrt(s[n]);
        if (mNorm < eps && scale == 0) {
            // every task vector is zero (e.g. the models equal the base): nothing to add (mergekit raises here)
            return g.map(g.flat(), (c, out) -> {
                if (g.hasBase()) {
                    System.arraycopy(c.base(), 0, out, 0, c.length());
                } else {
                    java.util.Arrays.fill(out, 0, c.length(), 0f);
                }
            });
        }
        if (mNorm < eps) {
            if (n != 2) {
                throw new IllegalArgumentException("multislerp: the models' directions cancel out (antipodal) on "
                        + g.name() + "; the spherical mean is undefined for " + n + " models");
            }
            float w0 = (float) w[0];
            float w1 = (float) w[1];
            return g.map(g.flat(), (c, out) -> {
                float[] v0 = c.delta(0);
                float[] v1 = c.delta(1);
                float[] b = g.hasBase() ? c.base() : null;
                for (int j = 0; j < c.length(); j++) {
                    float v = w0 * v0[j] + w1 * v1[j];
                    out[j] = b == null ? v : b[j] + v;
                }
            });
        }
        // T = sum w_i (u_i - <u_i, mh> mh) = m - C mh, with mh = m/|m| and C = sum w_i <u_i, mh>
        double bigC = 0;
        for (int i = 0; i < n; i++) {
            bigC += unit[i] * s[i] / mNorm;
        }
        float tCoef = (float) (1 - bigC / mNorm); // T = tCoef * m
        double tNorm = Math.abs(tCoef) * mNorm + eps;
        float mCoef = (float) (Math.cos(tNorm) / mNorm + Math.sin(tNorm) / tNorm * tCoef);
        float outCoef = (float) scale;
        return g.map(g.flat(), (c, out) -> {
            float[] m = mean(c, n, unit);
            float[] b = g.hasBase() ? c.base() : null;
            for (int j = 0; j < c.length(); j++) {
                float v = outCoef * (mCoef * m[j]);
                out[j] = b == null ? v : b[j] + v;
            }
        });
    }

    /** @return m = sum_i unit_i v_i for a chunk, in a scratch buffer */
    private static float[] mean(org.safemerge.merge.Chunk c, int n, float[] unit) {
        float[] m = c.scratch(0);
        java.util.Arrays.fill(m, 0, c.length(), 0f);
        for (int i = 0; i < n; i++) {
            float[] v = c.delta(i);
            float k = unit[i];
            for (int j = 0; j < c.length(); j++) {
                m[j] += k * v[j];
            }
        }
        return m;
    }
}
