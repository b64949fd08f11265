package org.safemerge.merge.method;

import java.util.List;
import java.util.TreeSet;
import org.safemerge.merge.Chunk;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Arcee Fusion: keep the other model's changes only where they matter most.
 *
 * <p>{@code importance = |theta_1 - theta_0| * KL(softmax(theta_1) || softmax(theta_0))}, the softmax over the last
 * dimension with 1e-8 added to both distributions and one KL per row broadcast along it. The threshold is
 * {@code median + 1.5 IQR} of the importance (quantiles with linear interpolation, as torch.quantile);
 * {@code out = theta_0 + [importance >= threshold] (theta_1 - theta_0)}.
 *
 * <ul>
 *   <li>Inputs: the base (required) and exactly one other model. No parameters.</li>
 *   <li>Departures from mergekit: the quantiles are exact over every element (mergekit samples 1e6 of them at
 *       random in larger tensors), and the output follows the recipe's dtypes like every other method (mergekit
 *       promotes it to float32, issue #604).</li>
 * </ul>
 *
 * @see <a href="https://www.arcee.ai/blog/meet-mergekit-v0-1-arcee-fusion-expanded-model-support-multi-gpu-acceleration">Arcee Fusion</a>
 */
public final class ArceeFusionMerge implements MergeMethod {
    @Override
    public String id() {
        return "arcee_fusion";
    }

    @Override
    public String title() {
        return "Arcee Fusion";
    }

    @Override
    public String paperUrl() {
        return "https://www.arcee.ai/blog/meet-mergekit-v0-1-arcee-fusion-expanded-model-support-multi-gpu-acceleration";
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
        return List.of();
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        float[] kl = new float[g.rows().rowCount()];
        g.forEach(g.rows(), c -> {
            int row = c.rowLength();
            for (int r = 0; r < c.rows(); r++) {
                kl[c.firstRow() + r] = (float) Math.max(0, klDivergence(c.model(0), c.base(), r * row, row));
            }
        });
        RankSelect.Keys keys = (c, stream, k) -> importanceKeys(c, kl, k);
        long n = g.numel();
        double[] q = {0.25, 0.5, 0.75};
        TreeSet<Long> wanted = new TreeSet<>();
        for (double x : q) {
            double pos = x * (n - 1);
            wanted.add((long) Math.floor(pos));
            wanted.add(Math.min((long) Math.floor(pos) + 1, n - 1));
        }
        long[] ranks = wanted.stream().mapToLong(Long::longValue).toArray();
        RankSelect.Cut[] cuts = RankSelect.cuts(g, g.rows(), keys, new long[][] {ranks}, false)[0];
        double[] quantile = new double[3];
        for (int i = 0; i < 3; i++) {
            double pos = q[i] * (n - 1);
            long lo = (long) Math.floor(pos);
            long hi = Math.min(lo + 1, n - 1);
            double vLo = valueAt(cuts, ranks, lo);
            double vHi = valueAt(cuts, ranks, hi);
            quantile[i] = vLo + (pos - lo) * (vHi - vLo);
        }
        float threshold = (float) (quantile[1] + 1.5 * (quantile[2] - quantile[0]));
        return g.map(g.rows(), (c, out) -> {
            float[] b = c.base();
            float[] x = c.model(0);
            int row = c.rowLength();
            for (int j = 0; j < c.length(); j++) {
                float d = x[j] - b[j];
                float importance = Math.abs(d) * kl[c.firstRow() + j / row];
                out[j] = importance >= threshold ? b[j] + d : b[j];
            }
        });
    }

    private static double valueAt(RankSelect.Cut[] cuts, long[] ranks, long rank) {
        for (int i = 0; i < ranks.length; i++) {
            if (ranks[i] == rank) {
                return cuts[i].value();
            }
        }
        throw new IllegalStateException("rank " + rank + " was not selected");
    }

    private static void importanceKeys(Chunk c, float[] kl, int[] keys) {
        float[] b = c.base();
        float[] x = c.model(0);
        int row = c.rowLength();
        for (int j = 0; j < c.length(); j++) {
            keys[j] = RankSelect.magnitudeKey(Math.abs(x[j] - b[j]) * kl[c.firstRow() + j / row]);
        }
    }

    /** @return KL(P || Q) for P = softmax(p) + 1e-8 and Q = softmax(q) + 1e-8 over positions [off, off+len) */
    static double klDivergence(float[] p, float[] q, int off, int len) {
        double pMax = Double.NEGATIVE_INFINITY;
        double qMax = Double.NEGATIVE_INFINITY;
        for (int j = off; j < off + len; j++) {
            pMax = Math.max(pMax, p[j]);
            qMax = Math.max(qMax, q[j]);
        }
        double pSum = 0;
        double qSum = 0;
        for (int j = off; j < off + len; j++) {
            pSum += Math.exp(p[j] - pMax);
            qSum += Math.exp(q[j] - qMax);
        }
        double kl = 0;
        for (int j = off; j < off + len; j++) {
            double pj = Math.exp(p[j] - pMax) / pSum + 1e-8;
            double qj = Math.exp(q[j] - qMax) / qSum + 1e-8;
            kl += pj * Math.log(pj / qj);
        }
        return kl;
    }
}
