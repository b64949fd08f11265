package org.safemerge.merge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.ModelConfig;

/**
 * A validated merge: every output tensor with its inputs and parameters resolved ({@link PlannedTensor}), the
 * output layer count, and which models give the config and the tokenizer. Built from headers only; what
 * {@code safemerge merge --dry-run} prints ({@link #describe()}).
 *
 * <pre>
 * try (MergeInputs in = MergeInputs.open(recipe)) {
 *     MergePlan plan = MergePlan.of(recipe, in);
 *     System.out.println(plan.describe());
 * }
 * </pre>
 */
public final class MergePlan {
    private final Recipe recipe;
    private final MergeMethod method;
    private final List<PlannedTensor> tensors;
    private final int layerCount;
    private final List<Integer> donorLayers;
    private final String configDonor;
    private final String tokenizerDonor;
    private final MergeInputs inputs;

    MergePlan(Recipe recipe, MergeMethod method, List<PlannedTensor> tensors, int layerCount,
              List<Integer> donorLayers, String configDonor, String tokenizerDonor, MergeInputs inputs) {
        this.recipe = recipe;
        this.method = method;
        this.tensors = List.copyOf(tensors);
        this.layerCount = layerCount;
        this.donorLayers = List.copyOf(donorLayers);
        this.configDonor = configDonor;
        this.tokenizerDonor = tokenizerDonor;
        this.inputs = inputs;
    }

    /**
     * Plans a recipe over its inputs: checks that every model exists and has the tensors, that shapes agree and
     * that every parameter resolves for every tensor. Reads headers only.
     *
     * @throws IllegalArgumentException naming the tensor, model and recipe key path of the first problem
     */
    public static MergePlan of(Recipe recipe, MergeInputs inputs) {
        return MergePlanner.plan(recipe, inputs);
    }

    /** @return the recipe */
    public Recipe recipe() {
        return recipe;
    }

    /** @return the merge method */
    public MergeMethod method() {
        return method;
    }

    /** @return every output tensor, in output order */
    public List<PlannedTensor> tensors() {
        return tensors;
    }

    /** @return the number of output layers (the sum of the slice lengths) */
    public int layerCount() {
        return layerCount;
    }

    /** @return the model whose config.json the output's is based on (the base, else the first model) */
    public String configDonor() {
        return configDonor;
    }

    /** @return the model whose tokenizer files are copied */
    public String tokenizerDonor() {
        return tokenizerDonor;
    }

    MergeInputs inputs() {
        return inputs;
    }

    /** @return the bytes of all output tensors */
    public long totalBytes() {
        return tensors.stream().mapToLong(PlannedTensor::byteSize).sum();
    }

    /**
     * @return the config of the merged model: the donor's, with {@code num_hidden_layers}, {@code torch_dtype},
     *     {@code vocab_size} (if embeddings were cropped), {@code tie_word_embeddings} (if an LM head is written
     *     for a tied donor) and {@code layer_types} (if present) patched
     * @throws IllegalArgumentException if the donor model has no config (pass one to {@link #outputConfig(ModelConfig)})
     */
    public ModelConfig outputConfig() {
        ModelConfig donor = inputs.get(configDonor).config();
        if (donor == null) {
            throw new IllegalArgumentException("model " + configDonor + " has no config.json, which the merged model's"
                    + " config is built from");
        }
        return outputConfig(donor);
    }

    /** @return {@link #outputConfig()} built from a given donor config */
    public ModelConfig outputConfig(ModelConfig donor) {
        ModelConfig c = donor.with("num_hidden_layers", layerCount);
        if (recipe.writtenDtype() != null) {
            c = c.with("torch_dtype", recipe.writtenDtype().torchName());
            if (c.has("dtype")) {
                c = c.with("dtype", recipe.writtenDtype().torchName());
            }
        }
        for (PlannedTensor t : tensors) {
            if (t.name().equals(Checkpoint.EMBED_TOKENS) && donor.has("vocab_size")
                    && t.shape()[0] != donor.vocabSize()) {
                c = c.with("vocab_size", t.shape()[0]);
            }
            if (ModelLayout.isLmHead(t.name()) && donor.tieWordEmbeddings()) {
                c = c.with("tie_word_embeddings", false);
            }
        }
        if (donor.get("layer_types") != null && donor.get("layer_types").isArray()) {
            ArrayNode types = JsonNodeFactory.instance.arrayNode();
            for (int layer : donorLayers) {
                types.add(layer < donor.get("layer_types").size() ? donor.get("layer_types").get(layer)
                        : donor.get("layer_types").get(donor.get("layer_types").size() - 1));
            }
            c = c.with("layer_types", types);
        }
        return c;
    }

    /**
     * Checks that the tokenizer can be taken from {@link #tokenizerDonor()}: when it is not the config donor, both
     * must share the vocabulary files (SafeMerge does not remap embedding rows between vocabularies yet).
     *
     * @throws IllegalArgumentException naming the file that differs
     */
    public void checkTokenizer() {
        if (tokenizerDonor.equals(configDonor)) {
            return;
        }
        Path a = inputs.get(tokenizerDonor).dir();
        Path b = inputs.get(configDonor).dir();
        if (a == null || b == null) {
            return;
        }
        for (String f : List.of("tokenizer.json", "tokenizer.model", "vocab.json", "merges.txt", "added_tokens.json")) {
            Path fa = a.resolve(f);
            Path fb = b.resolve(f);
            try {
                String problem = Files.exists(fa) == Files.exists(fb)
                        ? (Files.exists(fa) && Files.mismatch(fa, fb) != -1 ? "differs from " + configDonor + "'s" : null)
                        : Files.exists(fa) ? "exists but " + configDonor + " has none" : "is missing (" + configDonor
                        + " has one)";
                if (problem != null) {
                    throw new IllegalArgumentException("tokenizer_source: " + tokenizerDonor + "'s " + f + " "
                            + problem + "; taking a tokenizer with another vocabulary needs embedding remapping,"
                            + " which SafeMerge does not do yet");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compare " + fa + " and " + fb + ": " + e.getMessage(), e);
            }
        }
    }

    /** @return the plan as text: a header, then one line per tensor with its inputs and resolved parameters */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("merge_method: ").append(method.id()).append(" (").append(method.title())
                .append(method.paperUrl().isEmpty() ? "" : ", " + method.paperUrl()).append(")\n");
        sb.append("output: ").append(tensors.size()).append(" tensors, ").append(layerCount).append(" layers, ")
                .append(String.format(Locale.ROOT, "%,d", totalBytes())).append(" bytes");
        if (recipe.writtenDtype() != null) {
            sb.append(", ").append(recipe.writtenDtype().torchName());
        }
        sb.append("; config from ").append(configDonor).append(", tokenizer from ").append(tokenizerDonor)
                .append('\n');
        if (recipe.dtype() != null) {
            sb.append("working dtype: ").append(recipe.dtype().torchName()).append('\n');
        }
        int width = tensors.stream().mapToInt(t -> t.name().length()).max().orElse(4);
        for (PlannedTensor t : tensors) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-12s %-5s t=%.3f  ", t.name(),
                    Arrays.toString(t.shape()).replace(" ", ""), t.dtype(), t.t()));
            List<String> from = new ArrayList<>();
            if (t.base() != null) {
                from.add(input(t.base(), t.name()) + " (base)");
            }
            t.models().forEach(m -> from.add(input(m, t.name())));
            sb.append("<- ").append(String.join(", ", from));
            String global = render(t.params().globals());
            if (!global.isEmpty()) {
                sb.append(" | ").append(global);
            }
            for (int i = 0; i < t.models().size(); i++) {
                String pm = render(t.params().perModelValues().get(i));
                if (!pm.isEmpty()) {
                    sb.append(" | ").append(t.models().get(i).model()).append(": ").append(pm);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** @return "ref", or "ref:name" when the input tensor's name differs from the output's */
    private static String input(PlannedTensor.Input in, String output) {
        return in.tensor().equals(output) ? in.model() : in.model() + ":" + in.tensor();
    }

    private String render(Map<String, Object> values) {
        return values.entrySet().stream()
                .filter(e -> !method.parameter(e.getKey()).isIgnored())
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? trim(d) : e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String trim(double d) {
        String s = String.format(Locale.ROOT, "%.6g", d);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
