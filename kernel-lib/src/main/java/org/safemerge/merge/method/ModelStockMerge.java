package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.Chunk;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Model Stock: interpolate between the average of the fine-tuned models and the base by a factor set by how much
 * their task vectors agree.
 *
 * <p>{@code delta_i = theta_i - theta_0}; {@code cos} = mean over pairs {@code i < j} of
 * {@code <delta_i, delta_j> / max(|delta_i| |delta_j|, 1e-6)}, clamped to [-1, 1]; with N models
 * {@code t = N cos / (1 + (N - 1) cos)}; {@code out = t mean(theta_i) + (1 - t) theta_0}.
 *
 * <ul>
 *   <li>Inputs: the base (required) and at least two other models.</li>
 *   <li>{@code filter_wise} (default false): one angle per row (a 1-D tensor is one row) instead of per tensor.</li>
 *   <li>{@code weight} is accepted and ignored, as in mergekit.</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2403.19522">Model Stock (Jang et al., 2024)</a>
 */
public final class ModelStockMerge implements MergeMethod {
    @Override
    public String id() {
        return "model_stock";
    }

    @Override
    public String title() {
        return "Model Stock";
    }

    @Override
    public String paperUrl() {
        return "https://arxiv.org/abs/2403.19522";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.REQUIRED;
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
                ParameterSpec.bool("filter_wise", false, "one interpolation factor per row instead of per tensor"),
                ParameterSpec.number("weight", 1.0, "ignored: every model counts equally").perModel().ignored());
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        int n = g.size();
        int slots = n + n * (n - 1) / 2;
        if (!p.flag("filter_wise")) {
            double[] s = g.reduce(g.flat(), slots, (c, acc) -> products(c, 0, c.length(), n, acc));
            float t = (float) factor(s, n, g.name());
            return g.map(g.flat(), (c, out) -> blend(c, 0, c.length(), n, t, out));
        }
        return g.map(g.rows(), (c, out) -> {
            int row = c.rowLength();
            double[] s = new double[slots];
            for (int r = 0; r < c.rows(); r++) {
                java.util.Arrays.fill(s, 0);
                products(c, r * row, row, n, s);
                blend(c, r * row, row, n, (float) factor(s, n, g.name()), out);
            }
        });
    }

    /** Adds |delta_i|^2 (slots 0..n-1) and <delta_i, delta_j> for i < j (then) over positions [off, off+len). */
    private static void products(Chunk c, int off, int len, int n, double[] acc) {
        int slot = n;
        for (int i = 0; i < n; i++) {
            float[] a = c.delta(i);
            double s = 0;
            for (int j = off; j < off + len; j++) {
                s += (double) a[j] * a[j];
            }
            acc[i] += s;
            for (int k = i + 1; k < n; k++) {
                float[] b = c.delta(k);
                double d = 0;
                for (int j = off; j < off + len; j++) {
                    d += (double) a[j] * b[j];
                }
                acc[slot++] += d;
            }
        }
    }

    /** @return t = N cos / (1 + (N-1) cos) from the accumulated products */
    static double factor(double[] s, int n, String tensor) {
        double sum = 0;
        int slot = n;
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                double cos = s[slot++] / Math.max(Math.sqrt(s[i]) * Math.sqrt(s[k]), 1e-6);
                sum += Math.max(-1, Math.min(1, cos));
            }
        }
        double cos = sum / (n * (n - 1) / 2.0);
        double denominator = 1 + (n - 1) * cos;
        if (Math.abs(denominator) < 1e-12) {
            throw new IllegalArgumentException("model_stock: the task vectors of " + tensor + " have mean cosine "
                    + cos + ", for which the interpolation factor N cos / (1 + (N-1) cos) is undefined");
        }
        return n * cos / denominator;
    }

    /** Writes t * mean(theta_i) + (1 - t) * theta_0 over positions [off, off+len). */
    private static void blend(Chunk c, int off, int len, int n, float t, float[] out) {
        float[] b = c.base();
        float[] acc = c.scratch(0);
        java.util.Arrays.fill(acc, off, off + len, 0f);
        for (int i = 0; i < n; i++) {
            float[] x = c.model(i);
            for (int j = off; j < off + len; j++) {
                acc[j] += x[j];
            }
        }
        float inv = 1f / n;
        for (int j = off; j < off + len; j++) {
            out[j] = t * (acc[j] * inv) + (1 - t) * b[j];
        }
    }
}
