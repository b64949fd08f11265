package org.safemerge.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.tensor.FloatTensor;

/**
 * An opened Hugging Face model directory: {@code config.json} plus safetensors weights, single-file or sharded
 * through {@code model.safetensors.index.json}. Owns the memory maps of its shards; close it when done.
 *
 * <ul>
 *   <li>Tied embeddings: when {@code lm_head.weight} is absent and the config ties word embeddings, the name
 *       resolves to {@code model.embed_tokens.weight}.</li>
 *   <li>PyTorch pickle weights ({@code pytorch_model.bin}) are refused with a conversion hint: pickle is never
 *       executed.</li>
 *   <li>An index that names a shard outside the directory ({@code ../}, an absolute path, a link leading out)
 *       is refused.</li>
 * </ul>
 * A plain {@code .safetensors} file can be opened too ({@link #open}); it then has no config.
 */
public final class Checkpoint implements TensorSource, AutoCloseable {
    /** Files a merge carries from the tokenizer source into the output, when present. */
    public static final List<String> TOKENIZER_FILES = List.of(
            "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
            "added_tokens.json", "vocab.json", "merges.txt", "chat_template.jinja", "chat_template.json",
            "generation_config.json");
    public static final String LM_HEAD = "lm_head.weight";
    public static final String EMBED_TOKENS = "model.embed_tokens.weight";

    private final Path root;
    private final ModelConfig config;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileOf;
    private final Map<String, String> aliases;
    private final List<String> names;

    private Checkpoint(Path root, ModelConfig config, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileOf,
                       Map<String, String> aliases) {
        this.root = root;
        this.config = config;
        this.files = files;
        this.fileOf = fileOf;
        this.aliases = aliases;
        this.names = List.copyOf(fileOf.keySet());
    }

    /**
     * Opens a model directory, or a single safetensors file.
     *
     * @throws CheckpointFormatException if the path is missing, holds no safetensors weights, holds pickle weights,
     *                                   has a bad index or a malformed file (the message says which)
     */
    public static Checkpoint open(Path path) {
        if (!Files.exists(path)) {
            throw new CheckpointFormatException(path + ": no such file or directory");
        }
        if (!Files.isDirectory(path)) {
            SafetensorsFile f = SafetensorsFile.open(path);
            Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
            f.tensors().forEach(t -> fileOf.put(t.name(), f));
            return new Checkpoint(path, null, List.of(f), fileOf, Map.of());
        }
        Path index = path.resolve(ShardedCheckpointWriter.INDEX_FILE);
        Path single = path.resolve(ShardedCheckpointWriter.SINGLE_FILE);
        ModelConfig config = Files.exists(path.resolve("config.json")) ? ModelConfig.read(path.resolve("config.json"))
                : null;
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        try {
            if (Files.exists(index)) {
                openSharded(path, index, files, fileOf);
            } else if (Files.exists(single)) {
                SafetensorsFile f = SafetensorsFile.open(single);
                files.add(f);
                f.tensors().forEach(t -> fileOf.put(t.name(), f));
            } else {
                refuseWithoutSafetensors(path);
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        if (!fileOf.containsKey(LM_HEAD) && fileOf.containsKey(EMBED_TOKENS) && config != null
                && config.tieWordEmbeddings()) {
            aliases.put(LM_HEAD, EMBED_TOKENS);
        }
        return new Checkpoint(path, config, files, fileOf, aliases);
    }

    private static void refuseWithoutSafetensors(Path dir) {
        for (String pickle : List.of("pytorch_model.bin", "pytorch_model.bin.index.json")) {
            if (Files.exists(dir.resolve(pickle))) {
                throw new CheckpointFormatException(dir + " holds PyTorch pickle weights (" + pickle + "), which"
                        + " SafeMerge never loads because unpickling can run arbitrary code. Convert them to"
                        + " safetensors first, e.g. in Python: AutoModelForCausalLM.from_pretrained(dir)"
                        + ".save_pretrained(out, safe_serialization=True)");
            }
        }
        throw new CheckpointFormatException(dir + " has no model.safetensors or model.safetensors.index.json");
    }

    private static void openSharded(Path dir, Path index, List<SafetensorsFile> files,
                                    Map<String, SafetensorsFile> fileOf) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(index));
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(index + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index + ": " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new CheckpointFormatException(index + ": missing the \"weight_map\" object");
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + dir + ": " + e.getMessage(), e);
        }
        Map<String, SafetensorsFile> byShard = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String tensor = e.getKey();
            if (!e.getValue().isTextual()) {
                throw new CheckpointFormatException(index + ": weight_map['" + tensor + "'] must be a file name,"
                        + " found " + e.getValue());
            }
            String shard = e.getValue().textValue();
            SafetensorsFile f = byShard.get(shard);
            if (f == null) {
                f = SafetensorsFile.open(safeShardPath(realDir, shard, index, tensor));
                byShard.put(shard, f);
                files.add(f);
            }
            if (!f.contains(tensor)) {
                throw new CheckpointFormatException(index + ": weight_map says tensor '" + tensor + "' is in "
                        + shard + ", but that file has no such tensor");
            }
            fileOf.put(tensor, f);
        }
    }

    /** Resolves a shard name from an index, refusing anything that leaves the model directory. */
    private static Path safeShardPath(Path realDir, String shard, Path index, String tensor) {
        String where = index + ": weight_map['" + tensor + "'] = '" + shard + "'";
        if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..")
                || shard.equals(".") || Path.of(shard).isAbsolute()) {
            throw new CheckpointFormatException(where + " is not a plain file name inside the model directory");
        }
        Path p = realDir.resolve(shard);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new CheckpointFormatException(where + " does not exist");
        }
        try {
            Path real = p.toRealPath();
            if (!real.getParent().equals(realDir)) {
                throw new CheckpointFormatException(where + " is a link leading outside the model directory (to "
                        + real + ")");
            }
            return real;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p + ": " + e.getMessage(), e);
        }
    }

    /** @return the directory (or file) this checkpoint was opened from */
    public Path path() {
        return root;
    }

    /** @return true if the checkpoint has a config.json */
    public boolean hasConfig() {
        return config != null;
    }

    /**
     * @return the parsed config.json
     * @throws CheckpointFormatException if there is none
     */
    public ModelConfig config() {
        if (config == null) {
            throw new CheckpointFormatException(root + " has no config.json");
        }
        return config;
    }

    /** @return the safetensors files, in index order */
    public List<SafetensorsFile> files() {
        return List.copyOf(files);
    }

    /** @return the stored tensor names (aliases such as a tied lm_head are not listed) */
    @Override
    public List<String> tensorNames() {
        return names;
    }

    /** @return alias name to stored name, e.g. {@code lm_head.weight -> model.embed_tokens.weight} when tied */
    public Map<String, String> aliases() {
        return Map.copyOf(aliases);
    }

    @Override
    public boolean contains(String name) {
        return fileOf.containsKey(name) || aliases.containsKey(name);
    }

    /** @return the stored name a name resolves to (itself, or its alias target) */
    public String resolve(String name) {
        String target = aliases.getOrDefault(name, name);
        if (!fileOf.containsKey(target)) {
            throw new IllegalArgumentException(root + " has no tensor named '" + name + "'");
        }
        return target;
    }

    /** @return the header entry of a tensor (aliases resolved) */
    public TensorInfo info(String name) {
        String target = resolve(name);
        return fileOf.get(target).info(target);
    }

    /** @return the file holding a tensor (aliases resolved) */
    public SafetensorsFile fileOf(String name) {
        return fileOf.get(resolve(name));
    }

    @Override
    public TensorSpec spec(String name) {
        TensorInfo t = info(name);
        return new TensorSpec(name, t.dtype(), t.shape());
    }

    @Override
    public FloatTensor load(String name) {
        return fileOf(name).read(resolve(name));
    }

    /** @return the raw bytes of a tensor in its stored dtype (a view of the mapping, valid until close) */
    public MemorySegment raw(String name) {
        return fileOf(name).segment(resolve(name));
    }

    /** @return the tokenizer and generation files present in the directory, from {@link #TOKENIZER_FILES} */
    public List<Path> tokenizerFiles() {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(root)) {
            for (String f : TOKENIZER_FILES) {
                if (Files.isRegularFile(root.resolve(f))) {
                    out.add(root.resolve(f));
                }
            }
        }
        return out;
    }

    /** @return total bytes of stored tensor data */
    public long totalBytes() {
        return files.stream().mapToLong(SafetensorsFile::dataLength).sum();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + root + ", " + names.size() + " tensors in " + files.size() + " file(s)]";
    }
}
