package org.safemerge.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.ShardedCheckpointWriter;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSpec;

/**
 * Writes a model directory in Hugging Face layout: {@code config.json} (with {@code torch_dtype} set),
 * {@code model.safetensors} (sharded with an index above the shard size) and the tokenizer files, atomically: the
 * directory appears only when complete.
 */
public final class ModelSaver {
    private ModelSaver() {
    }

    /**
     * @param dir            the directory to create
     * @param config         the model's config
     * @param weights        the tensors (no lm_head when tied)
     * @param dtype          storage type: F32, BF16 or F16
     * @param tokenizerFiles files copied verbatim (tokenizer.json, tokenizer_config.json, ...)
     * @param overwrite      replace an existing non-empty directory
     * @throws IllegalArgumentException if the directory exists and may not be replaced, or the dtype is not a float
     */
    public static void save(Path dir, ModelConfig config, TensorSet weights, DType dtype, List<Path> tokenizerFiles,
                            boolean overwrite) {
        if (dtype != DType.F32 && dtype != DType.BF16 && dtype != DType.F16) {
            throw new IllegalArgumentException("models are saved as F32, BF16 or F16, not " + dtype);
        }
        try (AtomicDirectory out = AtomicDirectory.create(dir, overwrite)) {
            config.with("torch_dtype", dtype.torchName()).writeTo(out.path());
            List<TensorSpec> specs = weights.tensorNames().stream()
                    .map(n -> new TensorSpec(n, dtype, weights.get(n).shape())).toList();
            try (ShardedCheckpointWriter w = new ShardedCheckpointWriter(out.path(), specs,
                    ShardedCheckpointWriter.DEFAULT_SHARD_BYTES, Map.of())) {
                for (String n : weights.tensorNames()) {
                    w.write(n, weights.get(n));
                }
                w.finish();
            }
            for (Path f : tokenizerFiles) {
                Files.copy(f, out.path().resolve(f.getFileName().toString()));
            }
            out.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }
}
