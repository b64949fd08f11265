package org.safemerge.notebook;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the layer group a Hugging Face Llama-family tensor belongs to, for per-layer charts: {@code embed} (token
 * embeddings), {@code layer N} (everything under {@code model.layers.N.}), {@code head} (final norm and
 * {@code lm_head}), and {@code other}.
 */
public final class LayerGroups {
    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)layers\\.(\\d+)\\.");

    /** Orders groups as they sit in the model: embed, layer 0, layer 1, ..., head, other. */
    public static final Comparator<String> ORDER = Comparator.comparingInt(LayerGroups::rank);

    private LayerGroups() {
    }

    /** @return the group of a tensor name, e.g. {@code "layer 3"} for {@code model.layers.3.mlp.up_proj.weight} */
    public static String of(String tensorName) {
        Matcher m = LAYER.matcher(tensorName);
        if (m.find()) {
            return "layer " + Integer.parseInt(m.group(1));
        }
        if (tensorName.contains("embed_tokens")) {
            return "embed";
        }
        if (tensorName.startsWith("lm_head") || tensorName.equals("model.norm.weight")) {
            return "head";
        }
        return "other";
    }

    private static int rank(String group) {
        if (group.equals("embed")) {
            return -1;
        }
        if (group.startsWith("layer ")) {
            return Integer.parseInt(group.substring(6));
        }
        return group.equals("head") ? Integer.MAX_VALUE - 1 : Integer.MAX_VALUE;
    }
}
