package org.safemerge.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face {@code config.json}, with typed accessors for the fields the Llama family
 * ({@code LlamaForCausalLM}, {@code MistralForCausalLM}, {@code Qwen2ForCausalLM}) uses and transformers' defaults
 * where a field is absent. Unknown fields are kept, so a patched config ({@link #with}) round-trips everything.
 * Immutable.
 */
public final class ModelConfig {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;
    private final String source;

    private ModelConfig(ObjectNode root, String source) {
        this.root = root;
        this.source = source;
    }

    /**
     * Reads a config file.
     *
     * @throws CheckpointFormatException if it is missing or not a JSON object
     */
    public static ModelConfig read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(file + ": no such file (a Hugging Face model directory needs a"
                    + " config.json)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses config JSON text; {@code source} names it in messages. */
    public static ModelConfig parse(String json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new CheckpointFormatException(source + ": config must be a JSON object");
            }
            return new ModelConfig((ObjectNode) node, source);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Wraps an object node (copied). */
    public static ModelConfig of(ObjectNode node) {
        return new ModelConfig(node.deepCopy(), "config");
    }

    /** @return where the config came from, for messages */
    public String source() {
        return source;
    }

    /** @return a copy of the JSON */
    public ObjectNode json() {
        return root.deepCopy();
    }

    /** @return the raw value of a field, or null */
    public JsonNode get(String key) {
        return root.get(key);
    }

    /** @return true if the field is present and not null */
    public boolean has(String key) {
        return root.hasNonNull(key);
    }

    /** @return a copy with {@code key} set to {@code value} (a String, Number, Boolean or JsonNode) */
    public ModelConfig with(String key, Object value) {
        ObjectNode copy = root.deepCopy();
        copy.set(key, JSON.valueToTree(value));
        return new ModelConfig(copy, source);
    }

    /** @return the config as indented JSON text */
    public String toJson() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config cannot be serialised", e);
        }
    }

    /** Writes the config as {@code config.json} into a directory. */
    public void writeTo(Path dir) {
        try {
            Files.writeString(dir.resolve("config.json"), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    // ---- typed fields ----

    /** @return {@code architectures} ("LlamaForCausalLM", ...), empty if absent */
    public List<String> architectures() {
        List<String> out = new ArrayList<>();
        JsonNode a = root.get("architectures");
        if (a != null && a.isArray()) {
            a.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** @return the first architecture, or the model_type if none is listed */
    public String architecture() {
        List<String> a = architectures();
        return a.isEmpty() ? modelType() : a.get(0);
    }

    /** @return {@code model_type} ("llama", "mistral", "qwen2"), or "" */
    public String modelType() {
        return text("model_type", "");
    }

    public int hiddenSize() {
        return requiredInt("hidden_size");
    }

    public int intermediateSize() {
        return requiredInt("intermediate_size");
    }

    public int numHiddenLayers() {
        return requiredInt("num_hidden_layers");
    }

    public int numAttentionHeads() {
        return requiredInt("num_attention_heads");
    }

    /** @return {@code num_key_value_heads}, defaulting to the attention head count (no GQA) */
    public int numKeyValueHeads() {
        return intOr("num_key_value_heads", numAttentionHeads());
    }

    /** @return {@code head_dim}, defaulting to hidden_size / num_attention_heads */
    public int headDim() {
        return intOr("head_dim", hiddenSize() / numAttentionHeads());
    }

    public int vocabSize() {
        return requiredInt("vocab_size");
    }

    /** @return {@code rms_norm_eps}, default 1e-6 (Llama, Mistral and Qwen2 all default to it) */
    public double rmsNormEps() {
        return doubleOr("rms_norm_eps", 1e-6);
    }

    /** @return {@code rope_theta}, default 10000 */
    public double ropeTheta() {
        return doubleOr("rope_theta", 10000.0);
    }

    /** @return the {@code rope_scaling} object, or null if absent or null */
    public JsonNode ropeScaling() {
        JsonNode n = root.get("rope_scaling");
        return n == null || n.isNull() ? null : n;
    }

    /** @return {@code max_position_embeddings}, default 2048 */
    public int maxPositionEmbeddings() {
        return intOr("max_position_embeddings", 2048);
    }

    /**
     * @return {@code tie_word_embeddings}; absent means false for the Llama family (their transformers configs
     *     default it to false, unlike the generic PretrainedConfig)
     */
    public boolean tieWordEmbeddings() {
        JsonNode n = root.get("tie_word_embeddings");
        return n != null && n.asBoolean(false);
    }

    /** @return {@code torch_dtype} (or transformers 5's {@code dtype}) as a DType, or null if absent */
    public DType torchDtype() {
        String s = text("torch_dtype", text("dtype", null));
        return s == null ? null : DType.fromTorchName(s);
    }

    /**
     * @return the sliding attention window, or 0 for full attention. Mistral uses {@code sliding_window} when set;
     *     Qwen2 only when {@code use_sliding_window} is true.
     */
    public int slidingWindow() {
        if (root.has("use_sliding_window") && !root.get("use_sliding_window").asBoolean(false)) {
            return 0;
        }
        JsonNode n = root.get("sliding_window");
        return n == null || n.isNull() ? 0 : n.asInt(0);
    }

    /** @return true if q/k/v projections have biases: Qwen2 always, Llama when {@code attention_bias} is true */
    public boolean attentionBias() {
        return architecture().startsWith("Qwen2") || modelType().equals("qwen2") || boolOr("attention_bias", false);
    }

    /** @return {@code mlp_bias} (Llama option), default false */
    public boolean mlpBias() {
        return boolOr("mlp_bias", false);
    }

    /** @return {@code bos_token_id}, or -1 */
    public int bosTokenId() {
        return intOr("bos_token_id", -1);
    }

    /** @return every {@code eos_token_id} (an int or a list in HF configs), possibly empty */
    public List<Integer> eosTokenIds() {
        List<Integer> out = new ArrayList<>();
        JsonNode n = root.get("eos_token_id");
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asInt()));
        } else if (n != null && n.isNumber()) {
            out.add(n.asInt());
        }
        return out;
    }

    /** @return {@code pad_token_id}, or -1 */
    public int padTokenId() {
        return intOr("pad_token_id", -1);
    }

    // ---- helpers ----

    /** @return an integer field, or an error naming the config and the key */
    public int requiredInt(String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            throw new CheckpointFormatException(source + ": missing required field '" + key + "'");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new CheckpointFormatException(source + ": field '" + key + "' must be an integer, found " + n);
        }
        return n.intValue();
    }

    public int intOr(String key, int fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isIntegralNumber()) {
            throw new CheckpointFormatException(source + ": field '" + key + "' must be an integer, found " + n);
        }
        return n.intValue();
    }

    public double doubleOr(String key, double fallback) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber()) {
            throw new CheckpointFormatException(source + ": field '" + key + "' must be a number, found " + n);
        }
        return n.doubleValue();
    }

    public boolean boolOr(String key, boolean fallback) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? fallback : n.asBoolean(fallback);
    }

    public String text(String key, String fallback) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    @Override
    public String toString() {
        return "ModelConfig[" + architecture() + ", " + source + "]";
    }
}
