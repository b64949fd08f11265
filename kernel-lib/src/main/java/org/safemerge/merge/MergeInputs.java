package org.safemerge.merge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSource;

/**
 * The models a recipe refers to, by the reference string written in the recipe: checkpoints opened from disk
 * ({@link #open}) or sources already in memory ({@link #of}). Closing closes only what {@link #open} opened.
 */
public final class MergeInputs implements AutoCloseable {
    /**
     * One input model.
     *
     * @param ref     the reference as written in the recipe
     * @param tensors its tensors (a {@link Checkpoint} for models on disk)
     * @param config  its config.json, or null if unknown
     * @param dir     its directory, or null for a model in memory
     */
    public record Model(String ref, TensorSource tensors, ModelConfig config, Path dir) {
    }

    private final Map<String, Model> models;
    private final List<Checkpoint> owned;

    private MergeInputs(Map<String, Model> models, List<Checkpoint> owned) {
        this.models = models;
        this.owned = owned;
    }

    /**
     * Opens every model the recipe refers to (headers only: nothing is read until merging).
     *
     * @throws IllegalArgumentException naming the model reference, its resolved path and what is wrong
     */
    public static MergeInputs open(Recipe recipe) {
        Map<String, Model> models = new LinkedHashMap<>();
        List<Checkpoint> owned = new ArrayList<>();
        try {
            for (String ref : recipe.modelRefs()) {
                Path dir = recipe.resolve(ref);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(recipe.keyOf(ref) + ": model '" + ref + "' (" + dir + "): "
                            + (Files.exists(dir) ? "not a directory" : "no such directory")
                            + "; model references are local Hugging Face model directories, absolute or relative"
                            + " to the recipe's directory" + hint(ref));
                }
                Checkpoint c;
                try {
                    c = Checkpoint.open(dir);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(recipe.keyOf(ref) + ": model '" + ref + "': " + e.getMessage(),
                            e);
                }
                owned.add(c);
                models.put(ref, new Model(ref, c, c.hasConfig() ? c.config() : null, dir));
            }
        } catch (RuntimeException e) {
            owned.forEach(Checkpoint::close);
            throw e;
        }
        return new MergeInputs(models, owned);
    }

    private static String hint(String ref) {
        if (ref.contains("+")) {
            return " (LoRA references 'model+lora' are not supported: merge the adapter into the model first)";
        }
        if (ref.contains("@")) {
            return " ('@revision' is not supported: download that revision into a local directory)";
        }
        return "";
    }

    /**
     * Wraps sources already open or loaded, keyed by the reference strings of the recipe; a {@link Checkpoint}
     * contributes its config. Nothing is closed by {@link #close()}.
     */
    public static MergeInputs of(Map<String, ? extends TensorSource> sources) {
        return of(sources, Map.of());
    }

    /** As {@link #of(Map)}, with configs for sources that carry none (e.g. {@code TensorSet}s). */
    public static MergeInputs of(Map<String, ? extends TensorSource> sources, Map<String, ModelConfig> configs) {
        Map<String, Model> models = new LinkedHashMap<>();
        sources.forEach((ref, src) -> {
            ModelConfig cfg = configs.get(ref);
            Path dir = null;
            if (src instanceof Checkpoint c) {
                cfg = cfg != null ? cfg : c.hasConfig() ? c.config() : null;
                dir = Files.isDirectory(c.path()) ? c.path() : null;
            }
            models.put(ref, new Model(ref, src, cfg, dir));
        });
        return new MergeInputs(models, List.of());
    }

    /**
     * @return the model for a recipe reference
     * @throws IllegalArgumentException if none was given for it
     */
    public Model get(String ref) {
        Model m = models.get(ref);
        if (m == null) {
            throw new IllegalArgumentException("no input for model '" + ref + "'; inputs are keyed by the model"
                    + " references written in the recipe, given: " + models.keySet());
        }
        return m;
    }

    @Override
    public void close() {
        owned.forEach(Checkpoint::close);
    }
}
