package org.safemerge.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.TensorSource;

/**
 * How a model's tensors divide into layers, read from their names ({@code <prefix>layers.<i>.<suffix>}, the
 * Hugging Face convention of the Llama family): tensors before the layers (names containing {@code embed}), the
 * layers, and tensors after them (final norm, LM head). Slices and layer renumbering work on this.
 */
final class ModelLayout {
    private static final Pattern LAYER = Pattern.compile("^(.*?)layers\\.(\\d+)\\.(.+)$");

    private final String prefix;
    private final TreeMap<Integer, List<String>> suffixes = new TreeMap<>();
    private final List<String> pre = new ArrayList<>();
    private final List<String> post = new ArrayList<>();

    private ModelLayout(String ref, List<String> names) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String name : names) {
            Matcher m = LAYER.matcher(name);
            if (m.matches()) {
                prefixes.add(m.group(1));
                suffixes.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new ArrayList<>()).add(m.group(3));
            } else if (isPre(name)) {
                pre.add(name);
            } else {
                post.add(name);
            }
        }
        if (prefixes.size() > 1) {
            throw new IllegalArgumentException("model '" + ref + "' has layers under several prefixes " + prefixes
                    + "; multi-module models (e.g. vision-language) are not supported");
        }
        this.prefix = prefixes.isEmpty() ? "model." : prefixes.iterator().next();
    }

    /** @return the layout of a source's stored tensor names */
    static ModelLayout of(String ref, TensorSource source) {
        return new ModelLayout(ref, source.tensorNames());
    }

    /** @return true for tensors before the layers (token and position embeddings) */
    static boolean isPre(String name) {
        return name.contains("embed") && !isLmHead(name);
    }

    /** @return true for an LM head */
    static boolean isLmHead(String name) {
        return name.endsWith("lm_head.weight") || name.endsWith("embed_out.weight");
    }

    /** @return true for embedding-like matrices whose rows follow the vocabulary (embeddings and LM head) */
    static boolean isEmbedding(String name) {
        return name.endsWith("embed_tokens.weight") || isLmHead(name) || name.endsWith("wte.weight");
    }

    /** @return the number of layers (highest index + 1, 0 if none) */
    int layerCount() {
        return suffixes.isEmpty() ? 0 : suffixes.lastKey() + 1;
    }

    /** @return the tensors before the layers, in stored order */
    List<String> pre() {
        return pre;
    }

    /** @return the tensors after the layers, in stored order */
    List<String> post() {
        return post;
    }

    /** @return the name suffixes of layer {@code i} ("self_attn.q_proj.weight", ...), in stored order */
    List<String> suffixes(int layer) {
        return suffixes.getOrDefault(layer, List.of());
    }

    /** @return the full name of a layer tensor */
    String layerName(int layer, String suffix) {
        return prefix + "layers." + layer + "." + suffix;
    }

    /** @return the layers present, mapped to their tensor counts (for messages) */
    Map<Integer, Integer> counts() {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        suffixes.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }

    /**
     * @return the stored name a source reads for {@code name}: itself, or the embeddings for a tied
     *     {@code lm_head.weight}; null if the source has neither
     */
    static String resolve(TensorSource source, String name) {
        if (source instanceof Checkpoint c && c.hasConfig()) {
            // the config says whether lm_head is tied: trust the checkpoint's own alias
            return c.contains(name) ? c.resolve(name) : null;
        }
        if (source.contains(name)) {
            return name;
        }
        if (isLmHead(name) && source.contains(Checkpoint.EMBED_TOKENS)) {
            return Checkpoint.EMBED_TOKENS;
        }
        return null;
    }
}
