package org.safemerge.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeInputs;
import org.safemerge.merge.MergePlan;
import org.safemerge.merge.Recipe;

/**
 * The models a search merges, loaded into memory once ({@code TensorSet.copyOf} of each checkpoint) and reused for
 * every candidate, with the template recipe that names them: its {@code models:} are the pool, its
 * {@code base_model} the base, its {@code merge_method} the method (its parameters are where a search starts, or are
 * ignored where the search sets them).
 *
 * <pre>
 * MergePool pool = MergePool.load(Recipe.load(Path.of("ties.yml")));
 * TensorSet merged = Merger.mergeInMemory(pool.plan(candidate), MergeOptions.defaults().withProgress(false));
 * </pre>
 *
 * <p>Memory: every model of the pool is held as float32 in the Java heap (4 bytes per parameter per model).
 */
public final class MergePool {
    private final Recipe template;
    private final Map<String, TensorSet> tensors;
    private final Map<String, ModelConfig> configs;
    private final Map<String, Path> dirs;
    private final MergeInputs inputs;

    private MergePool(Recipe template, Map<String, TensorSet> tensors, Map<String, ModelConfig> configs,
                      Map<String, Path> dirs) {
        this.template = template;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.configs = Collections.unmodifiableMap(configs);
        this.dirs = Collections.unmodifiableMap(dirs);
        this.inputs = MergeInputs.of(tensors, configs);
    }

    /**
     * Loads every model the template refers to.
     *
     * @throws IllegalArgumentException if the template uses {@code slices:} (a search builds its own), a model
     *                                  directory is missing or malformed, or a model has no config.json
     */
    public static MergePool load(Recipe template) {
        if (template.usesSlices()) {
            throw new IllegalArgumentException("recipe: a search needs a recipe with models: (the pool), not slices:;"
                    + " the search builds per-layer slices itself");
        }
        Map<String, TensorSet> tensors = new LinkedHashMap<>();
        Map<String, ModelConfig> configs = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        try (MergeInputs opened = MergeInputs.open(template)) {
            for (String ref : template.modelRefs()) {
                MergeInputs.Model m = opened.get(ref);
                if (m.config() == null) {
                    throw new IllegalArgumentException("model '" + ref + "' (" + m.dir() + ") has no config.json;"
                            + " a search runs the merged models, which needs one");
                }
                tensors.put(ref, TensorSet.copyOf(m.tensors()));
                configs.put(ref, m.config());
                dirs.put(ref, m.dir());
            }
        }
        MergePool pool = new MergePool(template, tensors, configs, dirs);
        pool.plan(template); // shapes, parameters and layer counts checked once, before any search starts
        return pool;
    }

    /** @return the recipe naming the pool, base and method */
    public Recipe template() {
        return template;
    }

    /** @return the base model's reference, or null when the template has none */
    public String base() {
        return template.baseModel();
    }

    /** @return the {@code models:} references, in the template's order (the base too, if it is listed there) */
    public List<String> models() {
        return template.models().stream().map(Recipe.ModelEntry::model).toList();
    }

    /** @return every model merged: the base first (if any), then the other {@code models:}, each once */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        if (base() != null) {
            out.add(base());
        }
        for (String m : models()) {
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** @return the {@code models:} other than the base: the models with task vectors */
    public List<String> experts() {
        return models().stream().filter(m -> !m.equals(base())).toList();
    }

    /** @return a model's tensors, as loaded (shared: do not modify) */
    public TensorSet tensors(String ref) {
        TensorSet t = tensors.get(ref);
        if (t == null) {
            throw new IllegalArgumentException("model '" + ref + "' is not in the pool " + tensors.keySet());
        }
        return t;
    }

    /** @return a model's config.json */
    public ModelConfig config(String ref) {
        tensors(ref);
        return configs.get(ref);
    }

    /** @return a model's directory */
    public Path dir(String ref) {
        tensors(ref);
        return dirs.get(ref);
    }

    /** @return the reference whose config and layer layout the merged model has: the base, else the first model */
    public String configDonor() {
        return base() != null ? base() : models().get(0);
    }

    /** @return the number of decoder layers of the config donor */
    public int layerCount() {
        return config(configDonor()).numHiddenLayers();
    }

    /**
     * Plans a candidate recipe over the pool (headers only; cheap).
     *
     * @throws IllegalArgumentException if the candidate refers to a model outside the pool or does not validate
     */
    public MergePlan plan(Recipe candidate) {
        return MergePlan.of(candidate, inputs);
    }

    /** @return the models as merge inputs, keyed by reference */
    public MergeInputs inputs() {
        return inputs;
    }

    @Override
    public String toString() {
        return "MergePool" + members() + " (" + template.mergeMethod() + ", base " + base() + ")";
    }
}
