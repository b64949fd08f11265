package org.safemerge.model;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSpec;

/**
 * The validated blueprint of a Llama-family model, read from {@code config.json}: sizes, attention layout, rotary
 * frequencies, biases, tying and sliding window. Everything the forward pass needs to know and nothing it computes.
 *
 * @param architecture      the transformers class
 * @param vocabSize         rows of the embedding and of lm_head
 * @param hiddenSize        width of the residual stream
 * @param intermediateSize  width of the gated MLP
 * @param numLayers         decoder blocks
 * @param numHeads          query heads
 * @param numKvHeads        key/value heads (grouped-query attention when fewer than query heads)
 * @param headDim           width of one head (may differ from hidden / heads when {@code head_dim} is set)
 * @param rmsNormEps        RMSNorm epsilon
 * @param ropeTheta         rotary base
 * @param ropeScaling       rotary rescaling (default or llama3)
 * @param qkvBias           q/k/v projections have biases (Qwen2; Llama with attention_bias)
 * @param outputBias        o_proj has a bias (Llama with attention_bias)
 * @param mlpBias           gate/up/down have biases (Llama with mlp_bias)
 * @param tiedEmbeddings    lm_head is the embedding matrix
 * @param slidingWindow     attention window in tokens, 0 for full attention
 * @param firstSlidingLayer layers from this index on use the window (Qwen2's max_window_layers; 0 otherwise)
 * @param maxPositions      max_position_embeddings (informational: longer inputs still run)
 * @param initializerRange  standard deviation for random initialisation
 */
public record ModelSpec(ModelArchitecture architecture, int vocabSize, int hiddenSize, int intermediateSize,
                        int numLayers, int numHeads, int numKvHeads, int headDim, double rmsNormEps,
                        double ropeTheta, RopeScaling ropeScaling, boolean qkvBias, boolean outputBias,
                        boolean mlpBias, boolean tiedEmbeddings, int slidingWindow, int firstSlidingLayer,
                        int maxPositions, double initializerRange) {
    /** Name of the token embedding matrix [vocab, hidden]. */
    public static final String EMBED = "model.embed_tokens.weight";
    /** Name of the output projection [vocab, hidden] (the embedding when tied). */
    public static final String LM_HEAD = "lm_head.weight";
    /** Name of the final RMSNorm weight [hidden]. */
    public static final String FINAL_NORM = "model.norm.weight";

    /**
     * Reads and validates a config.
     *
     * @throws IllegalArgumentException for an unsupported architecture, activation or rope type, or inconsistent
     *                                  sizes (the message names the config and the key)
     */
    public static ModelSpec from(ModelConfig c) {
        ModelArchitecture arch = ModelArchitecture.of(c);
        String src = c.source();
        String act = c.text("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException(src + ": hidden_act '" + act + "' is not supported; expected silu");
        }
        int hidden = positive(c, "hidden_size", c.hiddenSize());
        int heads = positive(c, "num_attention_heads", c.numAttentionHeads());
        int kvHeads = positive(c, "num_key_value_heads", c.numKeyValueHeads());
        int headDim = positive(c, "head_dim", c.headDim());
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(src + ": num_attention_heads " + heads
                    + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException(src + ": head_dim " + headDim + " must be even for rotary embeddings");
        }
        int layers = positive(c, "num_hidden_layers", c.numHiddenLayers());
        int window = 0;
        int firstSliding = 0;
        if (arch == ModelArchitecture.MISTRAL) {
            window = c.slidingWindow();
        } else if (arch == ModelArchitecture.QWEN2 && c.boolOr("use_sliding_window", false)) {
            window = c.slidingWindow();
            firstSliding = c.intOr("max_window_layers", layers);
        }
        if (window < 0) {
            throw new IllegalArgumentException(src + ": sliding_window must be positive or null, found " + window);
        }
        boolean attentionBias = arch == ModelArchitecture.LLAMA && c.boolOr("attention_bias", false);
        return new ModelSpec(arch,
                positive(c, "vocab_size", c.vocabSize()),
                hidden,
                positive(c, "intermediate_size", c.intermediateSize()),
                layers, heads, kvHeads, headDim,
                c.rmsNormEps(),
                c.ropeTheta(),
                RopeScaling.parse(c.ropeScaling(), src),
                arch == ModelArchitecture.QWEN2 || attentionBias,
                attentionBias,
                arch == ModelArchitecture.LLAMA && c.mlpBias(),
                c.tieWordEmbeddings(),
                window, firstSliding,
                c.maxPositionEmbeddings(),
                c.doubleOr("initializer_range", 0.02));
    }

    private static int positive(ModelConfig c, String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(c.source() + ": " + key + " must be positive, found " + value);
        }
        return value;
    }

    /** @return query heads per key/value head */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** @return the attention window of a layer in tokens, 0 for full attention */
    public int windowOf(int layer) {
        return slidingWindow > 0 && layer >= firstSlidingLayer ? slidingWindow : 0;
    }

    /** @return the prefix of a layer's tensor names, "model.layers.3." */
    public static String layer(int i) {
        return "model.layers." + i + ".";
    }

    /** @return the name lm_head is read from: {@link #EMBED} when tied */
    public String lmHeadName() {
        return tiedEmbeddings ? EMBED : LM_HEAD;
    }

    /**
     * @return every tensor the model reads, in Hugging Face order, with its shape (dtype F32); no lm_head when tied
     */
    public List<TensorSpec> tensors() {
        List<TensorSpec> s = new ArrayList<>();
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long m = intermediateSize;
        s.add(spec(EMBED, vocabSize, h));
        for (int i = 0; i < numLayers; i++) {
            String p = layer(i);
            s.add(spec(p + "input_layernorm.weight", h));
            s.add(spec(p + "self_attn.q_proj.weight", q, h));
            s.add(spec(p + "self_attn.k_proj.weight", kv, h));
            s.add(spec(p + "self_attn.v_proj.weight", kv, h));
            if (qkvBias) {
                s.add(spec(p + "self_attn.q_proj.bias", q));
                s.add(spec(p + "self_attn.k_proj.bias", kv));
                s.add(spec(p + "self_attn.v_proj.bias", kv));
            }
            s.add(spec(p + "self_attn.o_proj.weight", h, q));
            if (outputBias) {
                s.add(spec(p + "self_attn.o_proj.bias", h));
            }
            s.add(spec(p + "post_attention_layernorm.weight", h));
            s.add(spec(p + "mlp.gate_proj.weight", m, h));
            s.add(spec(p + "mlp.up_proj.weight", m, h));
            s.add(spec(p + "mlp.down_proj.weight", h, m));
            if (mlpBias) {
                s.add(spec(p + "mlp.gate_proj.bias", m));
                s.add(spec(p + "mlp.up_proj.bias", m));
                s.add(spec(p + "mlp.down_proj.bias", h));
            }
        }
        s.add(spec(FINAL_NORM, h));
        if (!tiedEmbeddings) {
            s.add(spec(LM_HEAD, vocabSize, h));
        }
        return s;
    }

    private static TensorSpec spec(String name, long... shape) {
        return new TensorSpec(name, DType.F32, shape);
    }

    /** @return the number of parameters (tied matrices counted once) */
    public long parameterCount() {
        return tensors().stream().mapToLong(TensorSpec::numel).sum();
    }
}
