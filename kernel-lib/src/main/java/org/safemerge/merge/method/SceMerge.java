package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.Chunk;
import org.safemerge.merge.Mask;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * SCE (select, calculate, erase): fuse task vectors with weights computed from the vectors themselves.
 *
 * <ol>
 *   <li>Select: if {@code select_topk < 1}, keep only the {@code int(count_nonzero(var) * select_topk)} positions
 *       where the models disagree most (population variance of the task vectors across models); the mask is
 *       shared by all models.</li>
 *   <li>Calculate: per model {@code c_i = mean(delta_i^2) / sum_j mean(delta_j^2)} (uniform if the sum is below
 *       1e-6).</li>
 *   <li>Erase: TIES' sign election on the unweighted (selected) task vectors; {@code e_i = c_i [sign agrees]};
 *       {@code out = theta_0 + sum e_i delta_i / max(sum e_i, 1e-6)}.</li>
 * </ol>
 * Per-model {@code weight} is accepted and ignored, as in mergekit; {@code int8_mask} only saved memory there.
 *
 * @see <a href="https://arxiv.org/abs/2408.07990">FuseChat / SCE (Wan et al., 2024)</a>
 */
public final class SceMerge implements MergeMethod {
    @Override
    public String id() {
        return "sce";
    }

    @Override
    public String title() {
        return "SCE";
    }

    @Override
    public String paperUrl() {
        return "https://arxiv.org/abs/2408.07990";
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
        return Integer.MAX_VALUE;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.number("select_topk", 1.0, "fraction of highest-variance positions kept")
                        .range(v -> v > 0 && v <= 1, "greater than 0 and at most 1"),
                ParameterSpec.bool("int8_mask", false, "ignored: a memory option in mergekit").ignored(),
                ParameterSpec.number("weight", 1.0, "ignored: SCE computes its own weights").perModel().ignored());
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        int n = g.size();
        double topk = p.number("select_topk");
        Mask selected = topk < 1 ? select(g, n, topk) : null;
        double[] sq = g.reduce(g.flat(), n, (c, acc) -> {
            for (int i = 0; i < n; i++) {
                float[] d = c.delta(i);
                double s = 0;
                for (int j = 0; j < c.length(); j++) {
                    double v = selected == null || selected.get(c.from() + j) ? d[j] : 0;
                    s += v * v;
                }
                acc[i] += s;
            }
        });
        double total = 0;
        for (double s : sq) {
            total += s / g.numel();
        }
        float[] weight = new float[n];
        for (int i = 0; i < n; i++) {
            weight[i] = (float) (total < 1e-6 ? 1.0 / n : sq[i] / g.numel() / total);
        }
        return g.map(g.flat(), (c, out) -> {
            int len = c.length();
            float[] sum = c.scratch(0);
            float[] num = c.scratch(1);
            float[] den = c.scratch(2);
            java.util.Arrays.fill(sum, 0, len, 0f);
            java.util.Arrays.fill(num, 0, len, 0f);
            java.util.Arrays.fill(den, 0, len, 0f);
            for (int i = 0; i < n; i++) {
                float[] d = c.delta(i);
                if (selected != null) {
                    float[] bits = c.scratch(5);
                    selected.expand(c.from(), len, bits);
                    for (int j = 0; j < len; j++) {
                        d[j] *= bits[j];
                    }
                }
                for (int j = 0; j < len; j++) {
                    sum[j] += d[j];
                }
            }
            for (int i = 0; i < n; i++) {
                float[] d = c.delta(i);
                float w = weight[i];
                for (int j = 0; j < len; j++) {
                    boolean agree = sum[j] >= 0 ? d[j] > 0 : d[j] < 0;
                    float e = agree ? w : 0f;
                    num[j] += e * d[j];
                    den[j] += e;
                }
            }
            float[] b = c.base();
            for (int j = 0; j < len; j++) {
                out[j] = b[j] + num[j] / Math.max(den[j], 1e-6f);
            }
        });
    }

    /** @return the shared mask of the top {@code int(count_nonzero(var) * topk)} positions by variance */
    private static Mask select(TensorGroup g, int n, double topk) {
        RankSelect.Keys keys = (c, s, k) -> varianceKeys(c, n, k);
        double nonzero = g.reduce(g.flat(), 1, (c, acc) -> {
            int[] k = c.ints(1, c.length());
            varianceKeys(c, n, k);
            long count = 0;
            for (int j = 0; j < c.length(); j++) {
                count += k[j] != 0 ? 1 : 0;
            }
            acc[0] += count;
        })[0];
        long k = (long) ((long) nonzero * topk);
        return RankSelect.band(g, keys, new long[] {g.numel() - k}, new long[] {g.numel()})[0];
    }

    /** Population variance across models of the task vectors (mean-centred, as torch.var), as order keys. */
    private static void varianceKeys(Chunk c, int n, int[] keys) {
        float[] mean = c.scratch(3);
        float[] var = c.scratch(4);
        java.util.Arrays.fill(mean, 0, c.length(), 0f);
        java.util.Arrays.fill(var, 0, c.length(), 0f);
        for (int i = 0; i < n; i++) {
            float[] d = c.delta(i);
            for (int j = 0; j < c.length(); j++) {
                mean[j] += d[j];
            }
        }
        for (int j = 0; j < c.length(); j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            float[] d = c.delta(i);
            for (int j = 0; j < c.length(); j++) {
                float x = d[j] - mean[j];
                var[j] += x * x;
            }
        }
        for (int j = 0; j < c.length(); j++) {
            keys[j] = RankSelect.magnitudeKey(var[j] / n);
        }
    }
}
