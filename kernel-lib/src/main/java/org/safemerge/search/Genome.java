package org.safemerge.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Recipe;

/**
 * EvoMM's genome, with mergekit-evolve's semantics: per layer group and per model of the template's {@code models:}
 * (the base too when it is listed there), the method's parameters, laid out as
 * {@code [group][model][parameter]} in one vector of genes.
 *
 * <ul>
 *   <li>Parameters: {@code weight} and {@code density} for {@code ties} / {@code dare_ties}, {@code weight} for
 *       {@code linear} / {@code task_arithmetic}, one gene per model for {@code slerp}.</li>
 *   <li>Start ({@link #start()}): weight 1/n (n = the number of genome models), density 1; slerp genes 1/n.</li>
 *   <li>Decoding: weight = |x|; density = |x| clipped to [0, 1]; slerp: in each group the two models with the highest
 *       genes (ties: the earlier model) become the slice's base and other model, with t = softmax of their two
 *       genes' second entry, e^b / (e^a + e^b).</li>
 *   <li>Recipe ({@link #toRecipe}): one slice per layer group, every genome model a source with its decoded
 *       parameters (the base added as a plain source when it is not a genome model); embeddings take the first
 *       group's values and the final norm and LM head the last group's (mergekit's slice rules).
 *       {@code normalize} is set to true for ties, dare_ties and linear unless the template sets it
 *       (mergekit-evolve's default); the template's other parameters, dtype and tokenizer are kept.</li>
 * </ul>
 */
public final class Genome {
    /** Methods a genome can encode (mergekit-evolve's). */
    public static final List<String> METHODS = List.of("linear", "task_arithmetic", "ties", "dare_ties", "slerp");

    private final Recipe template;
    private final List<String> models;
    private final List<String> names;
    private final List<String> parameters;
    private final int layers;
    private final int step;
    private final int groups;

    private Genome(Recipe template, int layers, int granularity) {
        this.template = template;
        String method = template.mergeMethod();
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("merge_method: EvoMM evolves " + METHODS + ", not " + method);
        }
        if (template.usesSlices()) {
            throw new IllegalArgumentException("recipe: EvoMM needs models: (the pool), not slices:");
        }
        this.models = template.models().stream().map(Recipe.ModelEntry::model).toList();
        this.names = RecipeEdits.shortNames(models);
        this.parameters = switch (method) {
            case "ties", "dare_ties" -> List.of("weight", "density");
            case "slerp" -> List.of("t");
            default -> List.of("weight");
        };
        if (method.equals("slerp") && models.size() < 2) {
            throw new IllegalArgumentException("models: EvoMM with slerp chooses two of the listed models per layer"
                    + " group; list at least two (the base among them)");
        }
        if ((method.equals("linear") || method.equals("slerp")) && template.baseModel() != null
                && !models.contains(template.baseModel())) {
            throw new IllegalArgumentException("models: EvoMM with " + method + " gives every merged model genes;"
                    + " list the base model " + template.baseModel() + " under models: too");
        }
        if (granularity < 0) {
            throw new IllegalArgumentException("the layer granularity must be >= 0 (0 = one group), got " + granularity);
        }
        if (granularity > 0 && layers % granularity != 0) {
            throw new IllegalArgumentException("the layer granularity " + granularity + " does not divide the "
                    + layers + " layers of the model");
        }
        this.layers = layers;
        this.step = granularity == 0 ? layers : granularity;
        this.groups = layers / step;
    }

    /**
     * @param granularity layers per group (1: per layer, as the paper; 0: one group for the whole model)
     * @throws IllegalArgumentException for a method EvoMM does not evolve, a granularity that does not divide the
     *                                  layer count, or a pool that does not fit the method
     */
    public static Genome of(MergePool pool, int granularity) {
        return of(pool.template(), pool.layerCount(), granularity);
    }

    /** As {@link #of(MergePool, int)} for a template and its models' layer count (nothing is loaded). */
    public static Genome of(Recipe template, int layers, int granularity) {
        return new Genome(template, layers, granularity);
    }

    /** @return the number of genes */
    public int size() {
        return groups * models.size() * parameters.size();
    }

    /** @return the number of layer groups */
    public int groups() {
        return groups;
    }

    /** @return the genome models, in the template's order */
    public List<String> models() {
        return models;
    }

    /** @return the parameters per model and group */
    public List<String> parameters() {
        return parameters;
    }

    /** @return the position of one gene */
    public int index(int group, int model, int parameter) {
        return (group * models.size() + model) * parameters.size() + parameter;
    }

    /** @return the start point: weight (and slerp genes) 1/n, density 1 */
    public double[] start() {
        double[] x = new double[size()];
        for (int g = 0; g < groups; g++) {
            for (int m = 0; m < models.size(); m++) {
                for (int p = 0; p < parameters.size(); p++) {
                    x[index(g, m, p)] = parameters.get(p).equals("density") ? 1.0 : 1.0 / models.size();
                }
            }
        }
        return x;
    }

    /** @return a gene's name: {@code g0.math.weight} (the model's short name: its last path element) */
    public String geneName(int i) {
        int p = i % parameters.size();
        int m = (i / parameters.size()) % models.size();
        int g = i / (parameters.size() * models.size());
        return "g" + g + "." + names.get(m) + "." + parameters.get(p);
    }

    /** @return one gene decoded: |x| for weights, |x| clipped to [0, 1] for densities, as is for slerp genes */
    public double decode(int i, double x) {
        return switch (parameters.get(i % parameters.size())) {
            case "density" -> Math.min(1.0, Math.abs(x));
            case "weight" -> Math.abs(x);
            default -> x;
        };
    }

    /** @return every gene decoded */
    public double[] decode(double[] x) {
        checkSize(x);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = decode(i, x[i]);
        }
        return out;
    }

    /** @return the layers {@code [start, end)} of a group */
    public int[] layerRange(int group) {
        return new int[] {group * step, (group + 1) * step};
    }

    /** SLERP's choice in one group: the base and other model (indices into {@link #models()}) and t. */
    record SlerpChoice(int base, int other, double t) {
    }

    SlerpChoice slerp(double[] x, int group) {
        int first = -1;
        int second = -1;
        for (int m = 0; m < models.size(); m++) {
            double v = x[index(group, m, 0)];
            if (first < 0 || v > x[index(group, first, 0)]) {
                second = first;
                first = m;
            } else if (second < 0 || v > x[index(group, second, 0)]) {
                second = m;
            }
        }
        double a = x[index(group, first, 0)];
        double b = x[index(group, second, 0)];
        double t = 1.0 / (1.0 + Math.exp(a - b)); // softmax([a, b])[1], stable
        return new SlerpChoice(first, second, t);
    }

    /**
     * @return the merge the genes stand for: one slice per layer group (see the class comment)
     * @throws IllegalArgumentException if the recipe does not validate
     */
    public Recipe toRecipe(double[] x) {
        checkSize(x);
        String method = template.mergeMethod();
        Recipe.Builder b = RecipeEdits.like(template, method);
        Map<String, Object> top = new LinkedHashMap<>(template.parameters());
        if (List.of("ties", "dare_ties", "linear").contains(method) && !top.containsKey("normalize")) {
            top.put("normalize", true);
        }
        top.forEach(b::parameter);
        for (int g = 0; g < groups; g++) {
            int[] range = layerRange(g);
            int group = g;
            if (method.equals("slerp")) {
                SlerpChoice c = slerp(x, g);
                b.slice(s -> s.source(models.get(c.base()), range[0], range[1])
                        .source(models.get(c.other()), range[0], range[1])
                        .baseModel(models.get(c.base())).parameter("t", c.t()));
                continue;
            }
            b.slice(s -> {
                for (int m = 0; m < models.size(); m++) {
                    Map<String, Object> params = new LinkedHashMap<>(template.models().get(m).parameters());
                    for (int p = 0; p < parameters.size(); p++) {
                        int i = index(group, m, p);
                        params.put(parameters.get(p), decode(i, x[i]));
                    }
                    s.source(models.get(m), range[0], range[1], params);
                }
                if (template.baseModel() != null && !models.contains(template.baseModel())) {
                    s.source(template.baseModel(), range[0], range[1]);
                }
            });
        }
        return b.build();
    }

    /**
     * @return the decoded parameters by {@code model.parameter} (slerp: {@code t} and {@code base}), each a list with
     *     one value per layer group; models by their short names (last path element)
     */
    public Map<String, Object> parameters(double[] x) {
        checkSize(x);
        Map<String, Object> out = new LinkedHashMap<>();
        if (template.mergeMethod().equals("slerp")) {
            List<Double> t = new ArrayList<>();
            List<String> base = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                SlerpChoice c = slerp(x, g);
                t.add(c.t());
                base.add(names.get(c.base()));
            }
            out.put("t", t);
            out.put("base", base);
            return out;
        }
        for (int m = 0; m < models.size(); m++) {
            for (int p = 0; p < parameters.size(); p++) {
                List<Double> v = new ArrayList<>();
                for (int g = 0; g < groups; g++) {
                    int i = index(g, m, p);
                    v.add(decode(i, x[i]));
                }
                out.put(names.get(m) + "." + parameters.get(p), v);
            }
        }
        return out;
    }

    /** @return the decoded parameters in short: {@code math.weight=[0.5 0.48] math.density=[1 0.9]} */
    public String label(double[] x) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : parameters(x).entrySet()) {
            sb.append(sb.isEmpty() ? "" : " ").append(e.getKey()).append('=');
            if (e.getValue() instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Double) {
                sb.append(RecipeEdits.numbers(l.stream().mapToDouble(v -> (Double) v).toArray()));
            } else {
                sb.append(e.getValue().toString().replace(", ", " "));
            }
        }
        return sb.toString();
    }

    private void checkSize(double[] x) {
        if (x.length != size()) {
            throw new IllegalArgumentException("a genome of " + size() + " genes (" + groups + " groups x "
                    + models.size() + " models x " + parameters.size() + " parameters) got " + x.length + " values");
        }
    }

    @Override
    public String toString() {
        return "Genome[" + template.mergeMethod() + ", " + groups + " groups of " + step + " of " + layers
                + " layers, models " + models + ", " + parameters + ", " + size() + " genes]";
    }
}
