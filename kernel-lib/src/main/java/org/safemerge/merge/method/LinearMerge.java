package org.safemerge.merge.method;

import java.util.List;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.TensorGroup;
import org.safemerge.tensor.FloatTensor;

/**
 * Linear merge (model soup): {@code out = sum_i w_i theta_i / (normalize ? sum_i w_i : 1)}.
 *
 * <ul>
 *   <li>Inputs: one or more models; a {@code base_model}, if given, is averaged like any other input (mergekit
 *       appends it to the models) and needs a {@code weight} too.</li>
 *   <li>{@code weight} (per model, required): any real number.</li>
 *   <li>{@code normalize} (default true): divide by the sum of the weights. A zero sum is refused (mergekit would
 *       divide by zero).</li>
 *   <li>Embeddings of different vocabulary sizes are cut to their common top-left sub-matrix.</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2203.05482">Model soups (Wortsman et al., 2022)</a>
 */
public final class LinearMerge implements MergeMethod {
    @Override
    public String id() {
        return "linear";
    }

    @Override
    public String title() {
        return "Linear (model soup)";
    }

    @Override
    public String paperUrl() {
        return "https://arxiv.org/abs/2203.05482";
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.AVERAGED;
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
                ParameterSpec.number("weight", null, "weight of the model in the average").perModel(),
                ParameterSpec.bool("normalize", true, "divide by the sum of the weights"));
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.COMMON_SUBMATRIX;
    }

    @Override
    public void check(MergeParams p) {
        double sum = 0;
        for (double w : p.perModel("weight")) {
            sum += w;
        }
        if (p.flag("normalize") && sum == 0) {
            throw new IllegalArgumentException("the weights sum to 0 and normalize is true (division by zero); set"
                    + " normalize: false or change the weights");
        }
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        return g.map(outputPass(g, p));
    }

    @Override
    public TensorGroup.OutputPass outputPass(TensorGroup g, MergeParams p) {
        double[] w = p.perModel("weight");
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        float divisor = p.flag("normalize") ? (float) sum : 1f;
        int n = g.size();
        return new TensorGroup.OutputPass(g.flat(), (c, out) -> {
            float[] acc = c.scratch(0);
            java.util.Arrays.fill(acc, 0, c.length(), 0f);
            for (int i = 0; i < n; i++) {
                float[] x = c.model(i);
                float wi = (float) w[i];
                for (int j = 0; j < c.length(); j++) {
                    acc[j] += wi * x[j];
                }
            }
            for (int j = 0; j < c.length(); j++) {
                out[j] = acc[j] / divisor;
            }
        });
    }
}
