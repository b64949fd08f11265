package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * RAM (and RAM+TL): add each model's task vector where it is the only one active, and the mean of the active ones
 * where several overlap.
 *
 * <p>{@code active_i = |delta_i| > epsilon}, {@code count = sum active_i};
 * {@code out = theta_0 + sum_i active_i delta_i (count == 1 ? lambda_i : 1/count)}. Plain {@code ram} has
 * {@code lambda_i = 1}; {@code ramplus_tl} boosts models whose changes mostly overlap with others':
 * {@code rho_i = #shared active / max(#unique active, epsilon)}, {@code lambda_i = 1 + r clip(rho_i, 0, alpha)}.
 *
 * <ul>
 *   <li>Inputs: the base (required) and one or more models.</li>
 *   <li>{@code epsilon} (1e-5); {@code ramplus_tl} adds {@code r} (0.1) and {@code alpha} (0.2).</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2601.13572">RAM (2026)</a>
 */
public final class RamMerge implements MergeMethod {
    private final boolean plus;

    private RamMerge(boolean plus) {
        this.plus = plus;
    }

    /** @return the {@code ram} method */
    public static RamMerge ram() {
        return new RamMerge(false);
    }

    /** @return the {@code ramplus_tl} method */
    public static RamMerge ramPlusTl() {
        return new RamMerge(true);
    }

    @Override
    public String id() {
        return plus ? "ramplus_tl" : "ram";
    }

    @Override
    public String title() {
        return plus ? "RAM+TL" : "RAM";
    }

    @Override
    public String paperUrl() {
        return "https://arxiv.org/abs/2601.13572";
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
        ParameterSpec eps = ParameterSpec.number("epsilon", 1e-5, "magnitude above which a change is active")
                .range(v -> v >= 0, "at least 0");
        if (!plus) {
            return List.of(eps);
        }
        return List.of(
                ParameterSpec.number("r", 0.1, "boost strength").range(v -> v >= 0, "at least 0"),
                ParameterSpec.number("alpha", 0.2, "cap on the overlap ratio").range(v -> v >= 0, "at least 0"),
                eps);
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        int n = g.size();
        float eps = (float) p.number("epsilon");
        float[] lambda = new float[n];
        java.util.Arrays.fill(lambda, 1f);
        if (plus) {
            double[] counts = g.reduce(g.flat(), 2 * n, (c, acc) -> {
                int[] active = count(c, n, eps);
                for (int i = 0; i < n; i++) {
                    float[] d = c.delta(i);
                    long unique = 0;
                    long shared = 0;
                    for (int j = 0; j < c.length(); j++) {
                        if (Math.abs(d[j]) > eps) {
                            unique += active[j] == 1 ? 1 : 0;
                            shared += active[j] > 1 ? 1 : 0;
                        }
                    }
                    acc[2 * i] += unique;
                    acc[2 * i + 1] += shared;
                }
            });
            double r = p.number("r");
            double alpha = p.number("alpha");
            for (int i = 0; i < n; i++) {
                double rho = counts[2 * i + 1] / Math.max(counts[2 * i], p.number("epsilon"));
                lambda[i] = (float) (1 + r * Math.max(0, Math.min(alpha, rho)));
            }
        }
        return g.map(g.flat(), (c, out) -> {
            int[] active = count(c, n, eps);
            float[] acc = c.scratch(0);
            java.util.Arrays.fill(acc, 0, c.length(), 0f);
            for (int i = 0; i < n; i++) {
                float[] d = c.delta(i);
                float li = lambda[i];
                for (int j = 0; j < c.length(); j++) {
                    if (Math.abs(d[j]) > eps) {
                        acc[j] += active[j] == 1 ? d[j] * li : d[j] / active[j];
                    }
                }
            }
            float[] b = c.base();
            for (int j = 0; j < c.length(); j++) {
                out[j] = b[j] + acc[j];
            }
        });
    }

    /** @return per position, how many models' changes are active */
    private static int[] count(org.safemerge.merge.Chunk c, int n, float eps) {
        int[] active = c.ints(0, c.length());
        java.util.Arrays.fill(active, 0, c.length(), 0);
        for (int i = 0; i < n; i++) {
            float[] d = c.delta(i);
            for (int j = 0; j < c.length(); j++) {
                active[j] += Math.abs(d[j]) > eps ? 1 : 0;
            }
        }
        return active;
    }
}
