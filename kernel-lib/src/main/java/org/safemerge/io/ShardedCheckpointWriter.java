package org.safemerge.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.tensor.FloatTensor;

/**
 * Writes a model's weights into one or more safetensors shards, Hugging Face style.
 *
 * <p>Tensors are assigned to shards in the order given, starting a new shard when the next tensor would push the
 * current one past the byte budget (a tensor larger than the budget gets a shard of its own). One shard is named
 * {@code model.safetensors}; several are {@code model-00001-of-0000N.safetensors} with a
 * {@code model.safetensors.index.json} holding {@code total_size} and the {@code weight_map}. Every shard's header
 * metadata is {@code {"format": "pt"}}. Tensors may then be written in any order, from several threads.
 *
 * <p>Write into an {@link AtomicDirectory}'s temporary path: the shards are complete only after {@link #finish()}.
 */
public final class ShardedCheckpointWriter implements AutoCloseable {
    /** mergekit's default shard budget: 5 GB (powers of 1000, as its {@code parse_kmb}). */
    public static final long DEFAULT_SHARD_BYTES = 5_000_000_000L;
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final Map<String, String> PT_METADATA = Map.of("format", "pt");

    private final Path dir;
    private final List<SafetensorsWriter> shards = new ArrayList<>();
    private final List<String> shardNames = new ArrayList<>();
    private final Map<String, SafetensorsWriter> writerOf = new HashMap<>();
    private final Map<String, String> indexMetadata;
    private final long totalSize;

    /**
     * Plans the shards and creates their files with their headers.
     *
     * @param dir           the directory to write into (usually an {@link AtomicDirectory#path()})
     * @param specs         every tensor to write, in the order they should be grouped into shards
     * @param shardBytes    the byte budget per shard
     * @param indexMetadata extra entries for the index's {@code metadata} besides {@code total_size}
     */
    public ShardedCheckpointWriter(Path dir, List<TensorSpec> specs, long shardBytes,
                                   Map<String, String> indexMetadata) {
        if (shardBytes <= 0) {
            throw new IllegalArgumentException("shard size must be positive, got " + shardBytes);
        }
        this.dir = dir;
        this.indexMetadata = new LinkedHashMap<>(indexMetadata);
        List<List<TensorSpec>> groups = new ArrayList<>();
        List<TensorSpec> current = new ArrayList<>();
        long currentBytes = 0;
        long total = 0;
        for (TensorSpec s : specs) {
            long size = s.byteSize();
            if (!current.isEmpty() && currentBytes + size > shardBytes) {
                groups.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(s);
            currentBytes += size;
            total += size;
        }
        if (!current.isEmpty() || groups.isEmpty()) {
            groups.add(current);
        }
        this.totalSize = total;
        int n = groups.size();
        try {
            for (int i = 0; i < n; i++) {
                String name = n == 1 ? SINGLE_FILE : shardName(i + 1, n);
                SafetensorsWriter w = SafetensorsWriter.create(dir.resolve(name), groups.get(i), PT_METADATA);
                shards.add(w);
                shardNames.add(name);
                for (TensorSpec s : groups.get(i)) {
                    writerOf.put(s.name(), w);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** @return the HF shard file name, {@code model-00002-of-00005.safetensors} */
    public static String shardName(int index, int count) {
        return String.format("model-%05d-of-%05d.safetensors", index, count);
    }

    /** @return the shard file names in order */
    public List<String> shardNames() {
        return List.copyOf(shardNames);
    }

    /** @return the sum of all tensors' bytes (the index's {@code total_size}) */
    public long totalSize() {
        return totalSize;
    }

    /** Writes a tensor from float32 values, converted to its declared dtype. */
    public void write(String name, FloatTensor tensor) {
        writer(name).write(name, tensor);
    }

    /** Writes a tensor from raw bytes already in its declared dtype. */
    public void writeRaw(String name, MemorySegment bytes) {
        writer(name).writeRaw(name, bytes);
    }

    /**
     * Writes a piece of a tensor from raw bytes already in its declared dtype: its bytes
     * {@code [offset, offset + bytes.byteSize())} (see {@link SafetensorsWriter#writeRaw(String, long, MemorySegment)}).
     */
    public void writeRaw(String name, long offset, MemorySegment bytes) {
        writer(name).writeRaw(name, offset, bytes);
    }

    private SafetensorsWriter writer(String name) {
        SafetensorsWriter w = writerOf.get(name);
        if (w == null) {
            throw new IllegalArgumentException("tensor '" + name + "' was not declared for " + dir);
        }
        return w;
    }

    /**
     * Flushes what was written so far to the storage device ({@link SafetensorsWriter#force()}), while writing may
     * go on from other threads.
     */
    public void force() {
        for (SafetensorsWriter w : shards) {
            w.force();
        }
    }

    /** Finishes every shard and, when there are several, writes the index. */
    public void finish() {
        for (SafetensorsWriter w : shards) {
            w.finish();
        }
        if (shards.size() > 1) {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = json.createObjectNode();
            ObjectNode meta = root.putObject("metadata");
            meta.put("total_size", totalSize);
            indexMetadata.forEach(meta::put);
            ObjectNode map = root.putObject("weight_map");
            Map<String, String> sorted = new TreeMap<>();
            for (int i = 0; i < shards.size(); i++) {
                for (TensorInfo t : shards.get(i).layout().tensors()) {
                    sorted.put(t.name(), shardNames.get(i));
                }
            }
            sorted.forEach(map::put);
            try {
                Files.writeString(dir.resolve(INDEX_FILE), json.writeValueAsString(root) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + dir.resolve(INDEX_FILE) + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        for (SafetensorsWriter w : shards) {
            w.close();
        }
    }
}
