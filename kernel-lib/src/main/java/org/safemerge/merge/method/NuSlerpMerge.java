package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.Chunk;
import org.safemerge.merge.ChunkGrid;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * NuSLERP: SLERP of two models with the factor taken from their weights, {@code t = w2 / (w1 + w2)} ({@code 0.5}
 * when {@code |w1 + w2| < 1e-6}), optionally in task-vector space around a third, base model
 * ({@code out = base + slerp(t, v1 - base, v2 - base)}).
 *
 * <ul>
 *   <li>Inputs: exactly two models, and optionally a distinct base.</li>
 *   <li>{@code weight} (per model, required).</li>
 *   <li>{@code nuslerp_flatten} (default true): the whole tensor is one vector. When false, vectors run along the
 *       last dimension (one angle per row), or along the first with {@code nuslerp_row_wise: true}.</li>
 *   <li>Unlike {@code slerp} there is no 0.9995 threshold: it falls back to a lerp only when
 *       {@code |sin omega| < 1e-8}; norms are clamped at 1e-8.</li>
 * </ul>
 *
 * @see <a href="https://github.com/arcee-ai/mergekit/blob/main/docs/merge_methods.md">mergekit: NuSLERP</a>
 */
public final class NuSlerpMerge implements MergeMethod {
    private static final double EPS = 1e-8;

    @Override
    public String id() {
        return "nuslerp";
    }

    @Override
    public String title() {
        return "NuSLERP";
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
        return 2;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("weight", null, "relative weight; t = w2 / (w1 + w2)").perModel(),
                ParameterSpec.bool("nuslerp_flatten", true, "treat the whole tensor as one vector"),
                ParameterSpec.bool("nuslerp_row_wise", false,
                        "without flattening, interpolate along the first dimension instead of the last"));
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    /** @return the interpolation factor for weights w1, w2 */
    public static double factor(double w1, double w2) {
        return Math.abs(w1 + w2) < 1e-6 ? 0.5 : w2 / (w1 + w2);
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        double[] w = p.perModel("weight");
        double t = factor(w[0], w[1]);
        long[] shape = g.shape();
        if (p.flag("nuslerp_flatten") || shape.length <= 1) {
            double[] s = g.reduce(g.flat(), 3, (c, acc) -> dots(c, 0, c.length(), acc, 0));
            float[] k = coefficients(t, s, 0);
            return g.map(g.flat(), (c, out) -> blend(c, 0, c.length(), k[0], k[1], out));
        }
        if (!p.flag("nuslerp_row_wise")) {
            // one vector per row of the last dimension: each row lies within one chunk
            return g.map(g.rows(), (c, out) -> {
                int row = c.rowLength();
                double[] s = new double[3];
                for (int r = 0; r < c.rows(); r++) {
                    java.util.Arrays.fill(s, 0);
                    dots(c, r * row, row, s, 0);
                    float[] k = coefficients(t, s, 0);
                    blend(c, r * row, row, k[0], k[1], out);
                }
            });
        }
        // one vector per position of the trailing dimensions, running along the first dimension
        int cols = g.numel() / (int) shape[0];
        ChunkGrid grid = ChunkGrid.rows(g.numel(), cols);
        double[] s = g.reduce(grid, 3 * cols, (c, acc) -> {
            for (int r = 0; r < c.rows(); r++) {
                for (int col = 0; col < cols; col++) {
                    dots(c, r * cols + col, 1, acc, 3 * col);
                }
            }
        });
        float[][] k = new float[cols][];
        for (int col = 0; col < cols; col++) {
            k[col] = coefficients(t, s, 3 * col);
        }
        return g.map(grid, (c, out) -> {
            for (int r = 0; r < c.rows(); r++) {
                for (int col = 0; col < cols; col++) {
                    blend(c, r * cols + col, 1, k[col][0], k[col][1], out);
                }
            }
        });
    }

    /** Adds |v0|^2, |v1|^2 and v0.v1 over chunk positions [off, off+len) into acc[at ..]. */
    private static void dots(Chunk c, int off, int len, double[] acc, int at) {
        float[] v0 = c.delta(0);
        float[] v1 = c.delta(1);
        double aa = 0;
        double bb = 0;
        double ab = 0;
        for (int j = off; j < off + len; j++) {
            aa += (double) v0[j] * v0[j];
            bb += (double) v1[j] * v1[j];
            ab += (double) v0[j] * v1[j];
        }
        acc[at] += aa;
        acc[at + 1] += bb;
        acc[at + 2] += ab;
    }

    private static float[] coefficients(double t, double[] s, int at) {
        double n0 = Math.max(Math.sqrt(s[at]), EPS);
        double n1 = Math.max(Math.sqrt(s[at + 1]), EPS);
        double[] k = Slerp.nuCoefficients(t, s[at + 2] / (n0 * n1));
        return new float[] {(float) k[0], (float) k[1]};
    }

    /** Writes base + c0 v0 + c1 v1 for chunk positions [off, off+len). */
    private static void blend(Chunk c, int off, int len, float c0, float c1, float[] out) {
        float[] v0 = c.delta(0);
        float[] v1 = c.delta(1);
        float[] b = c.group().hasBase() ? c.base() : null;
        for (int j = off; j < off + len; j++) {
            float v = c0 * v0[j] + c1 * v1[j];
            out[j] = b == null ? v : b[j] + v;
        }
    }
}
