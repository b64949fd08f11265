package org.safemerge.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.safemerge.io.ModelConfig;

/** The Hugging Face causal-LM classes the runtime runs, with how they differ. */
public enum ModelArchitecture {
    /** {@code LlamaForCausalLM}: optional attention and MLP biases ({@code attention_bias}, {@code mlp_bias}). */
    LLAMA("LlamaForCausalLM", "llama"),
    /** {@code MistralForCausalLM}: no biases; {@code sliding_window} on every layer when set. */
    MISTRAL("MistralForCausalLM", "mistral"),
    /** {@code Qwen2ForCausalLM}: q/k/v biases; sliding window only with {@code use_sliding_window}. */
    QWEN2("Qwen2ForCausalLM", "qwen2");

    private final String className;
    private final String modelType;

    ModelArchitecture(String className, String modelType) {
        this.className = className;
        this.modelType = modelType;
    }

    /** @return the transformers class name, e.g. "LlamaForCausalLM" */
    public String className() {
        return className;
    }

    /** @return the config's {@code model_type}, e.g. "llama" */
    public String modelType() {
        return modelType;
    }

    /**
     * Finds the architecture of a config from {@code architectures[0]} (or {@code model_type} when absent).
     *
     * @throws IllegalArgumentException naming the unsupported architecture and the supported ones
     */
    public static ModelArchitecture of(ModelConfig config) {
        String name = config.architecture();
        for (ModelArchitecture a : values()) {
            if (a.className.equals(name) || a.modelType.equals(name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(config.source() + ": architecture '" + name + "' is not supported; the"
                + " runtime runs " + Arrays.stream(values()).map(ModelArchitecture::className)
                .collect(Collectors.joining(", ")));
    }
}
