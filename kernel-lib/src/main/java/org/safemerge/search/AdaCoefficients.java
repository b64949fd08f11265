package org.safemerge.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Recipe;
import org.safemerge.model.ModelSpec;

/**
 * AdaMerging's coefficients: one per (layer group, expert), which group each tensor belongs to (its layer's; the
 * embeddings the first; the final norm and LM head the last, as mergekit's slices), and the recipe they stand for.
 */
final class AdaCoefficients {
    final int groups;
    final int step;
    final List<String> experts;
    final List<String> names;
    final double[] values;

    AdaCoefficients(int groups, int step, List<String> experts, AdaMerging.Options options) {
        this.groups = groups;
        this.step = step;
        this.experts = experts;
        this.names = RecipeEdits.shortNames(experts);
        this.values = new double[groups * experts.size()];
        java.util.Arrays.fill(values, options.initialValue());
    }

    int index(int group, int expert) {
        return group * experts.size() + expert;
    }

    String name(int i) {
        String e = names.get(i % experts.size());
        return groups == 1 ? e : "g" + i / experts.size() + "." + e;
    }

    /** @return the group of a tensor: its layer's, the first for embeddings, the last for what follows the layers */
    int group(String tensor) {
        if (tensor.startsWith("model.layers.")) {
            int end = tensor.indexOf('.', "model.layers.".length());
            int layer = Integer.parseInt(tensor.substring("model.layers.".length(), end));
            return layer / step;
        }
        return tensor.equals(ModelSpec.EMBED) ? 0 : groups - 1;
    }

    Recipe recipe(Recipe template, double[] x) {
        Recipe.Builder b = RecipeEdits.like(template, "task_arithmetic").parameter("normalize", false);
        if (groups == 1) { // task-wise (or one group): every tensor shares the coefficients, a models: recipe
            for (int k = 0; k < experts.size(); k++) {
                b.model(experts.get(k), Map.of("weight", x[index(0, k)]));
            }
            return b.build();
        }
        for (int g = 0; g < groups; g++) {
            int group = g;
            b.slice(s -> {
                s.source(template.baseModel(), group * step, (group + 1) * step);
                for (int k = 0; k < experts.size(); k++) {
                    s.source(experts.get(k), group * step, (group + 1) * step, Map.of("weight", x[index(group, k)]));
                }
            });
        }
        return b.build();
    }

    Map<String, Object> parameters(double[] x) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < experts.size(); k++) {
            List<Double> v = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                v.add(x[index(g, k)]);
            }
            out.put(names.get(k) + ".weight", groups == 1 ? v.get(0) : v);
        }
        return out;
    }

    String label(double[] x) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < experts.size(); k++) {
            double[] v = new double[groups];
            for (int g = 0; g < groups; g++) {
                v[g] = x[index(g, k)];
            }
            sb.append(k == 0 ? "" : " ").append(names.get(k)).append(".weight=")
                    .append(groups == 1 ? RecipeEdits.number(v[0]) : RecipeEdits.numbers(v));
        }
        return sb.toString();
    }
}
