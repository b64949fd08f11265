package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * The Llama-family decoder ({@code LlamaForCausalLM}, {@code MistralForCausalLM}, {@code Qwen2ForCausalLM}) in one
 * file, top-down: RMSNorm, rotary embeddings, grouped-query attention, the SiLU-gated MLP, the block, the model.
 *
 * <pre>
 * x = embed(tokens)
 * for each layer:  x = x + o_proj(attention(rope(q(norm(x))), rope(k(norm(x))), v(norm(x))))
 *                  x = x + down(silu(gate(norm(x))) * up(norm(x)))
 * logits = lm_head(norm(x))
 * </pre>
 *
 * Shapes: B batch, T new tokens, S keys (cache length + T), H hidden, nH query heads, nKV key/value heads,
 * r = nH / nKV queries per key head, hd head width, M MLP width, V vocabulary.
 *
 * <p>Weights come from a {@link Weights} by Hugging Face name, so the same code runs a loaded checkpoint, an
 * in-memory merge, or weights computed inside an autograd graph. Arrays created here belong to the manager of the
 * activations (callers wrap calls in an {@code NDScope}); constants (epsilon, scale, rotary tables) belong to this
 * object. Constants are arrays, never Java scalars, because DJL's autograd can lose a scalar operand to garbage
 * collection before {@code backward()}.
 *
 * @see <a href="https://arxiv.org/abs/2302.13971">LLaMA</a>
 * @see <a href="https://arxiv.org/abs/2305.13245">GQA</a>
 */
public final class Transformer implements AutoCloseable {
    private final ModelSpec spec;
    private final DataType dtype;
    private final NDManager constants;
    private final NDArray eps;          // []   RMSNorm epsilon, float32
    private final NDArray scale;        // []   1 / sqrt(hd)
    private final NDIndex firstHalf;    // [..., :hd/2]
    private final NDIndex secondHalf;   // [..., hd/2:]
    private NDArray cosTable;           // [P, hd]
    private NDArray sinTable;           // [P, hd]
    private int tablePositions;

    /**
     * @param spec   the blueprint
     * @param parent manager of the device to run on (a sub-manager for the constants is created and owned)
     * @param dtype  compute type: float32, float16 (GPU) or float64 (checks)
     */
    public Transformer(ModelSpec spec, NDManager parent, DataType dtype) {
        this.spec = spec;
        this.dtype = dtype;
        this.constants = parent.newSubManager();
        this.eps = constant(spec.rmsNormEps(), normType());
        this.scale = constant(1.0 / Math.sqrt(spec.headDim()), dtype);
        int half = spec.headDim() / 2;
        this.firstHalf = new NDIndex("..., :" + half);
        this.secondHalf = new NDIndex("..., " + half + ":");
        ensurePositions(Math.min(spec.maxPositions(), 4096));
    }

    /** @return the blueprint */
    public ModelSpec spec() {
        return spec;
    }

    /** @return the compute type */
    public DataType dataType() {
        return dtype;
    }

    /** @return the type attention scores and norms are computed in: float64 for float64, else float32 */
    DataType normType() {
        return dtype == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    // ---------------------------------------------------------------------------------------------- the model

    /**
     * Runs the decoder and returns the final-normed hidden states (apply {@link #logits} for scores).
     *
     * @param w     the weights
     * @param in    tokens, positions and masks (see {@link Batch})
     * @param cache key/value cache to read and extend, or null to attend only within {@code in}
     * @return [B, T, H], owned by the manager of {@code in.tokens()}
     */
    public NDArray hidden(Weights w, Batch.Input in, KvCache cache) {
        ensurePositions(in.maxPosition() + 1);
        NDArray x = embedding(in.tokens(), w.get(ModelSpec.EMBED));                   // [B, T, H]
        NDArray cos = embedding(in.positions(), cosTable).expandDims(1);              // [B|1, 1, T, hd]
        NDArray sin = embedding(in.positions(), sinTable).expandDims(1);              // [B|1, 1, T, hd]
        for (int layer = 0; layer < spec.numLayers(); layer++) {
            NDArray mask = spec.windowOf(layer) > 0 ? in.windowMask() : in.fullMask();  // [B|1, 1, 1, T, S]
            x = block(w, layer, x, cos, sin, mask, cache);                            // [B, T, H]
        }
        if (cache != null) {
            cache.advance(in.length());
        }
        return rmsNorm(x, w.get(ModelSpec.FINAL_NORM));                                // [B, T, H]
    }

    /**
     * @param w      the weights
     * @param hidden final-normed hidden states [..., H]
     * @return the logits [..., V], owned by the manager of {@code hidden}
     */
    public NDArray logits(Weights w, NDArray hidden) {
        return linear(hidden, w.get(spec.lmHeadName()), null);                        // [..., V]
    }

    // ---------------------------------------------------------------------------------------------- the block

    private NDArray block(Weights w, int layer, NDArray x, NDArray cos, NDArray sin, NDArray mask, KvCache cache) {
        String p = ModelSpec.layer(layer);
        NDArray h = rmsNorm(x, w.get(p + "input_layernorm.weight"));                  // [B, T, H]
        x = x.add(attention(w, p, layer, h, cos, sin, mask, cache));                  // [B, T, H]
        h = rmsNorm(x, w.get(p + "post_attention_layernorm.weight"));                 // [B, T, H]
        return x.add(mlp(w, p, h));                                                   // [B, T, H]
    }

    // ---------------------------------------------------------------------------------------------- attention

    private NDArray attention(Weights w, String p, int layer, NDArray h, NDArray cos, NDArray sin, NDArray mask,
                              KvCache cache) {
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int nH = spec.numHeads();
        int nKV = spec.numKvHeads();
        int r = spec.groupSize();
        int hd = spec.headDim();
        NDArray q = project(w, p + "self_attn.q_proj", h, spec.qkvBias());              // [B, T, nH*hd]
        NDArray k = project(w, p + "self_attn.k_proj", h, spec.qkvBias());              // [B, T, nKV*hd]
        NDArray v = project(w, p + "self_attn.v_proj", h, spec.qkvBias());              // [B, T, nKV*hd]
        q = q.reshape(b, t, nH, hd).transpose(0, 2, 1, 3);                            // [B, nH, T, hd]
        k = k.reshape(b, t, nKV, hd).transpose(0, 2, 1, 3);                           // [B, nKV, T, hd]
        v = v.reshape(b, t, nKV, hd).transpose(0, 2, 1, 3);                           // [B, nKV, T, hd]
        q = rope(q, cos, sin);                                                        // [B, nH, T, hd]
        k = rope(k, cos, sin);                                                        // [B, nKV, T, hd]
        if (cache != null) {
            k = cache.appendKeys(layer, k);                                           // [B, nKV, S, hd]
            v = cache.appendValues(layer, v);                                         // [B, nKV, S, hd]
        }
        long s = k.getShape().get(2);
        // Grouped-query attention without copying keys: query head g*r+i uses key head g (HF's repeat_kv order),
        // so the r query heads of a group are stacked along the time axis.
        NDArray qg = q.mul(scale).reshape(b, nKV, r * t, hd);                          // [B, nKV, r*T, hd]
        NDArray att = qg.matMul(k.transpose(0, 1, 3, 2));                             // [B, nKV, r*T, S]
        att = att.reshape(b, nKV, r, t, s).toType(normType(), false).add(mask);       // [B, nKV, r, T, S]
        att = att.softmax(4).toType(dtype, false);                                    // [B, nKV, r, T, S]
        NDArray y = att.reshape(b, nKV, r * t, s).matMul(v);                          // [B, nKV, r*T, hd]
        y = y.reshape(b, nH, t, hd).transpose(0, 2, 1, 3).reshape(b, t, (long) nH * hd);  // [B, T, nH*hd]
        return project(w, p + "self_attn.o_proj", y, spec.outputBias());               // [B, T, H]
    }

    /** Rotary embedding, half-rotation convention: x * cos + rotate_half(x) * sin, rotate_half = [-x2, x1]. */
    private NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        NDArray x1 = x.get(firstHalf);                                                // [B, n, T, hd/2]
        NDArray x2 = x.get(secondHalf);                                               // [B, n, T, hd/2]
        NDArray rotated = NDArrays.concat(new NDList(x2.neg(), x1), 3);               // [B, n, T, hd]
        return x.mul(cos).add(rotated.mul(sin));                                      // [B, n, T, hd]
    }

    // ---------------------------------------------------------------------------------------------- MLP

    private NDArray mlp(Weights w, String p, NDArray h) {
        NDArray gate = project(w, p + "mlp.gate_proj", h, spec.mlpBias());              // [B, T, M]
        NDArray up = project(w, p + "mlp.up_proj", h, spec.mlpBias());                  // [B, T, M]
        NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(up);           // [B, T, M] silu(gate) * up
        return project(w, p + "mlp.down_proj", act, spec.mlpBias());                   // [B, T, H]
    }

    // ---------------------------------------------------------------------------------------------- primitives

    /** RMSNorm: x / sqrt(mean(x^2) + eps) * weight, with the statistics in float32 (as transformers). */
    private NDArray rmsNorm(NDArray x, NDArray weight) {
        int last = x.getShape().dimension() - 1;
        NDArray xf = x.toType(normType(), false);                                     // [B, T, H]
        NDArray meanSquare = xf.mul(xf).mean(new int[] {last}, true);                 // [B, T, 1]
        NDArray normed = xf.div(meanSquare.add(eps).sqrt());                          // [B, T, H]
        return normed.toType(dtype, false).mul(weight);                               // [B, T, H]
    }

    /** y = x W^T + b (torch.nn.functional.linear); W is [out, in] as stored by Hugging Face. */
    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().linear(x, weight, bias).singletonOrThrow();      // [..., out]
    }

    /** Rows of {@code table} picked by integer ids: [...] -> [..., D] (torch.nn.functional.embedding). */
    static NDArray embedding(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();  // [..., D]
    }

    /** A Hugging Face linear layer by name: {@code name.weight} and, when the spec says so, {@code name.bias}. */
    private static NDArray project(Weights w, String name, NDArray x, boolean hasBias) {
        return linear(x, w.get(name + ".weight"), hasBias ? w.get(name + ".bias") : null);
    }

    /** Grows the rotary tables to cover positions [0, n). Computed in double precision, then cast. */
    private void ensurePositions(int n) {
        if (n <= tablePositions) {
            return;
        }
        int size = Math.max(n, tablePositions * 2);
        int hd = spec.headDim();
        double[] inv = spec.ropeScaling().inverseFrequencies(hd, spec.ropeTheta());
        float[] cos = new float[size * hd];
        float[] sin = new float[size * hd];
        for (int pos = 0; pos < size; pos++) {
            for (int i = 0; i < hd; i++) {
                double angle = pos * inv[i % (hd / 2)];   // both halves share a frequency (HF's cat(freqs, freqs))
                cos[pos * hd + i] = (float) Math.cos(angle);
                sin[pos * hd + i] = (float) Math.sin(angle);
            }
        }
        NDArray oldCos = cosTable;
        NDArray oldSin = sinTable;
        cosTable = keep(constants.create(cos, new Shape(size, hd)).toType(dtype, false));   // [P, hd]
        sinTable = keep(constants.create(sin, new Shape(size, hd)).toType(dtype, false));   // [P, hd]
        if (oldCos != null) {
            oldCos.close();
            oldSin.close();
        }
        tablePositions = size;
    }

    /** @return a scalar array owned by this transformer, safe from any enclosing NDScope */
    NDArray constant(double value, DataType type) {
        return keep(constants.create(value).toType(type, false));
    }

    /**
     * @return a scalar array in {@code m}, for a constant of one step's autograd graph (an array, never a Java scalar:
     *         see the class comment)
     */
    static NDArray scalar(NDManager m, float value, DataType type) {
        return m.create(value).toType(type, false);
    }

    /** Takes a long-lived array out of the enclosing NDScope (if any), so closing the scope does not free it. */
    static NDArray keep(NDArray a) {
        NDScope.unregister(a);
        return a;
    }

    @Override
    public void close() {
        constants.close();
    }
}
