package org.safemerge.merge;

import java.nio.file.Path;
import java.util.Map;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;

/**
 * Runs merges: a recipe into a model directory (streaming, sharded, atomic, bounded memory) or into memory (no
 * disk I/O, for the data-aware search). Both give exactly the same tensors.
 *
 * <pre>
 * Recipe recipe = Recipe.load(Path.of("ties.yml"));
 * Merger.mergeToDirectory(recipe, Path.of("out/ties"), MergeOptions.defaults().withSeed(42));
 *
 * Map&lt;String, TensorSource&gt; pool = Map.of("base", TensorSet.copyOf(base), "a", TensorSet.copyOf(a));
 * TensorSet merged = Merger.mergeInMemory(recipe, pool, MergeOptions.defaults().withProgress(false));
 * </pre>
 */
public final class Merger {
    private Merger() {
    }

    /**
     * Merges into {@code outDir}: weights in shards, {@code config.json}, tokenizer files, the resolved recipe
     * ({@code safemerge_config.yml}) and a model card. Everything is validated before the first tensor is read;
     * the directory appears only when complete.
     *
     * @throws IllegalArgumentException for a bad recipe, missing or malformed model, shape mismatch, or an output
     *                                  directory that exists and is not empty (without overwrite)
     */
    public static MergeReport mergeToDirectory(Recipe recipe, Path outDir, MergeOptions options) {
        org.safemerge.io.AtomicDirectory.checkTarget(outDir.toAbsolutePath().normalize(), options.overwrite());
        try (MergeInputs inputs = MergeInputs.open(recipe)) {
            return MergeExecutor.toDirectory(MergePlan.of(recipe, inputs), outDir, options);
        }
    }

    /**
     * Merges in memory. Inputs are keyed by the model references as written in the recipe (e.g. {@code "base"}
     * for {@code base_model: base}); load a pool once with {@code TensorSet.copyOf(checkpoint)} and merge many
     * recipes from it. Input tensors are never modified.
     *
     * @return the merged tensors by output name, rounded to their output dtype, exactly as the on-disk merge writes
     *     them (use {@link MergePlan#outputConfig} for the config)
     */
    public static TensorSet mergeInMemory(Recipe recipe, Map<String, ? extends TensorSource> inputs,
                                          MergeOptions options) {
        return mergeInMemory(MergePlan.of(recipe, MergeInputs.of(inputs)), options);
    }

    /** Merges an already planned recipe in memory (plan once, e.g. to read its output config too). */
    public static TensorSet mergeInMemory(MergePlan plan, MergeOptions options) {
        return MergeExecutor.toMemory(plan, options);
    }

    /** Merges an already planned recipe into a directory. */
    public static MergeReport mergeToDirectory(MergePlan plan, Path outDir, MergeOptions options) {
        return MergeExecutor.toDirectory(plan, outDir, options);
    }
}
