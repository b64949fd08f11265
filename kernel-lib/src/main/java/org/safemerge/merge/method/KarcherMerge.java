package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Karcher (Riemannian) mean of the models' directions on the unit sphere, scaled by their mean norm; each tensor is
 * one vector and every model counts equally ({@code weight} is accepted and ignored, as in mergekit).
 *
 * <p>Norms {@code n_i}, units {@code u_i}; models with {@code n_i <= tol} are left out (all left out gives zeros),
 * the rest weighted {@code a_i = 1/K}. Start from the normalised mean of the units. Repeat up to {@code max_iter}
 * times: {@code theta_i = acos <u, u_i>}, {@code T = sum a_i theta_i/sin(theta_i) (u_i - cos(theta_i) u)} (skipping
 * {@code theta_i < tol}); stop when {@code |T| < tol}; else {@code u <- cos|T| u + sin|T| T/|T|}, renormalised.
 * Result {@code (sum a_i n_i) u}.
 *
 * <ul>
 *   <li>Inputs: two or more models; a base, if given, is averaged like the others.</li>
 *   <li>{@code max_iter} (10), {@code tol} (1e-5).</li>
 * </ul>
 *
 * @see <a href="https://en.wikipedia.org/wiki/Fr%C3%A9chet_mean">Karcher / Fréchet mean</a>
 */
public final class KarcherMerge implements MergeMethod {
    @Override
    public String id() {
        return "karcher";
    }

    @Override
    public String title() {
        return "Karcher mean";
    }

    @Override
    public String paperUrl() {
        return "https://en.wikipedia.org/wiki/Fr%C3%A9chet_mean";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.AVERAGED;
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
                ParameterSpec.integer("max_iter", 10, "most iterations").range(v -> v >= 1, "at least 1"),
                ParameterSpec.number("tol", 1e-5, "convergence tolerance").range(v -> v > 0, "greater than 0"),
                ParameterSpec.number("weight", 1.0, "ignored: every model counts equally").perModel().ignored());
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        int n = g.size();
        int maxIter = p.integer("max_iter");
        double tol = p.number("tol");
        double[] sq = g.reduce(g.flat(), n, (c, acc) -> {
            for (int i = 0; i < n; i++) {
                float[] x = c.model(i);
                double s = 0;
                for (int j = 0; j < c.length(); j++) {
                    s += (double) x[j] * x[j];
                }
                acc[i] += s;
            }
        });
        double[] a = new double[n]; // weight of each kept model, 0 for those left out
        float[] inv = new float[n]; // a_i / n_i: the coefficient of theta_i in a weighted sum of units
        int kept = 0;
        for (int i = 0; i < n; i++) {
            kept += Math.sqrt(sq[i]) > tol ? 1 : 0;
        }
        if (kept == 0) {
            return FloatTensor.zeros(g.shape());
        }
        double scale = 0;
        int first = -1;
        for (int i = 0; i < n; i++) {
            double norm = Math.sqrt(sq[i]);
            if (norm > tol) {
                a[i] = 1.0 / kept;
                inv[i] = (float) (1.0 / norm);
                scale += a[i] * norm;
                first = first < 0 ? i : first;
            }
        }
        // u = normalised mean of the units (the first unit if the mean vanishes)
        float[] u = g.map(g.flat(), (c, out) -> combine(c, n, a, inv, 0f, null, out, 0)).data();
        double uNorm = Math.sqrt(sumSquares(g, u));
        if (uNorm < tol) {
            int f = first;
            u = g.map(g.flat(), (c, out) -> {
                float[] x = c.model(f);
                for (int j = 0; j < c.length(); j++) {
                    out[j] = x[j] * inv[f];
                }
            }).data();
        } else {
            scaleInPlace(g, u, (float) (1 / uNorm));
        }
        float[] tangent = new float[g.numel()];
        for (int iter = 0; iter < maxIter; iter++) {
            float[] cu = u;
            double[] dots = g.reduce(g.flat(), n, (c, acc) -> {
                for (int i = 0; i < n; i++) {
                    if (a[i] == 0) {
                        continue;
                    }
                    float[] x = c.model(i);
                    double d = 0;
                    for (int j = 0; j < c.length(); j++) {
                        d += (double) x[j] * cu[c.from() + j];
                    }
                    acc[i] += d * inv[i];
                }
            });
            double[] coef = new double[n]; // a_i theta_i / sin(theta_i)
            double uCoef = 0;              // minus sum of coef_i cos(theta_i)
            for (int i = 0; i < n; i++) {
                if (a[i] == 0) {
                    continue;
                }
                double cos = Math.max(-1, Math.min(1, dots[i]));
                double theta = Math.acos(cos);
                if (theta < tol) {
                    continue;
                }
                coef[i] = a[i] * theta / Math.sin(theta);
                uCoef -= coef[i] * cos;
            }
            float[] k = new float[n];
            for (int i = 0; i < n; i++) {
                k[i] = (float) (coef[i] * inv[i]);
            }
            float uk = (float) uCoef;
            g.forEach(g.flat(), c -> combine(c, n, null, k, uk, cu, tangent, c.from()));
            double tNorm = Math.sqrt(sumSquares(g, tangent));
            if (tNorm < tol) {
                break;
            }
            float cu0 = (float) Math.cos(tNorm);
            float ct = (float) (Math.sin(tNorm) / tNorm);
            g.forEach(g.flat(), c -> {
                for (int j = c.from(); j < c.from() + c.length(); j++) {
                    cu[j] = cu0 * cu[j] + ct * tangent[j];
                }
            });
            scaleInPlace(g, cu, (float) (1 / Math.sqrt(sumSquares(g, cu))));
        }
        scaleInPlace(g, u, (float) scale);
        return new FloatTensor(g.shape(), u);
    }

    /**
     * out[at + j] = sum_i k_i theta_i[j] + uk * u[j] over a chunk, with k_i = (a == null ? k[i] : a[i] * k[i]);
     * {@code at} is 0 for a chunk buffer, {@code c.from()} for a whole tensor.
     */
    private static void combine(org.safemerge.merge.Chunk c, int n, double[] a, float[] k, float uk, float[] u,
                                float[] out, int at) {
        float[] acc = c.scratch(0);
        java.util.Arrays.fill(acc, 0, c.length(), 0f);
        for (int i = 0; i < n; i++) {
            float ki = a == null ? k[i] : (float) (a[i] * k[i]);
            if (ki == 0) {
                continue;
            }
            float[] x = c.model(i);
            for (int j = 0; j < c.length(); j++) {
                acc[j] += ki * x[j];
            }
        }
        for (int j = 0; j < c.length(); j++) {
            out[at + j] = u == null ? acc[j] : acc[j] + uk * u[c.from() + j];
        }
    }

    private static double sumSquares(TensorGroup g, float[] v) {
        return g.reduce(g.flat(), 1, (c, acc) -> {
            double s = 0;
            for (int j = c.from(); j < c.from() + c.length(); j++) {
                s += (double) v[j] * v[j];
            }
            acc[0] += s;
        })[0];
    }

    private static void scaleInPlace(TensorGroup g, float[] v, float f) {
        g.forEach(g.flat(), c -> {
            for (int j = c.from(); j < c.from() + c.length(); j++) {
                v[j] *= f;
            }
        });
    }
}
