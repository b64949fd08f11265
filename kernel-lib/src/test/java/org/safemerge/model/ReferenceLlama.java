package org.safemerge.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.safemerge.io.Checkpoint;
import org.safemerge.tensor.FloatTensor;

/**
 * An independent float64 forward pass of Llama / Mistral / Qwen2, written from the published formulas in plain
 * loops (no DJL, no code shared with the runtime): the control the DJL forward pass is checked against.
 *
 * <ul>
 *   <li>RMSNorm: y = x / sqrt(mean(x^2) + eps) * w</li>
 *   <li>RoPE (half rotation): for i &lt; d/2, (x_i, x_{i+d/2}) rotated by angle pos * inv_freq_i,
 *       inv_freq_i = theta^(-2i/d), llama3 rescaling of long wavelengths</li>
 *   <li>attention: softmax(q k^T / sqrt(d)) v over keys j &lt;= i (and i - j &lt; window), query head h uses key
 *       head h / (heads / kv_heads)</li>
 *   <li>MLP: down(silu(gate x) * up x), silu(z) = z / (1 + e^-z)</li>
 * </ul>
 */
final class ReferenceLlama {
    private final JsonNode cfg;
    private final Map<String, double[]> w = new HashMap<>();
    private final int hidden;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int inter;
    private final int vocab;
    private final double eps;
    private final double[] invFreq;
    private final boolean tied;

    ReferenceLlama(Path dir) {
        try {
            cfg = new ObjectMapper().readTree(Files.readString(dir.resolve("config.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hidden = cfg.get("hidden_size").asInt();
        layers = cfg.get("num_hidden_layers").asInt();
        heads = cfg.get("num_attention_heads").asInt();
        kvHeads = cfg.path("num_key_value_heads").asInt(heads);
        headDim = cfg.has("head_dim") ? cfg.get("head_dim").asInt() : hidden / heads;
        inter = cfg.get("intermediate_size").asInt();
        vocab = cfg.get("vocab_size").asInt();
        eps = cfg.path("rms_norm_eps").asDouble(1e-6);
        tied = cfg.path("tie_word_embeddings").asBoolean(false);
        invFreq = inverseFrequencies();
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            for (String name : ckpt.tensorNames()) {
                FloatTensor t = ckpt.load(name);
                double[] d = new double[t.numel()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = t.data()[i];
                }
                w.put(name, d);
            }
        }
    }

    private double[] inverseFrequencies() {
        double theta = cfg.path("rope_theta").asDouble(10000);
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = Math.pow(theta, -2.0 * i / headDim);
        }
        JsonNode rs = cfg.get("rope_scaling");
        if (rs != null && !rs.isNull() && rs.path("rope_type").asText().equals("llama3")) {
            double factor = rs.get("factor").asDouble();
            double low = rs.get("low_freq_factor").asDouble();
            double high = rs.get("high_freq_factor").asDouble();
            double old = rs.get("original_max_position_embeddings").asDouble();
            for (int i = 0; i < inv.length; i++) {
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen < old / high) {
                    continue;                                    // high frequency: kept
                }
                if (wavelen > old / low) {
                    inv[i] /= factor;                            // low frequency: interpolated
                } else {
                    double s = (old / wavelen - low) / (high - low);
                    inv[i] = (1 - s) * inv[i] / factor + s * inv[i];
                }
            }
        }
        return inv;
    }

    private int window(int layer) {
        String type = cfg.path("model_type").asText();
        JsonNode sw = cfg.get("sliding_window");
        if (sw == null || sw.isNull()) {
            return 0;
        }
        if (type.equals("mistral")) {
            return sw.asInt();
        }
        if (type.equals("qwen2") && cfg.path("use_sliding_window").asBoolean(false)
                && layer >= cfg.path("max_window_layers").asInt(layers)) {
            return sw.asInt();
        }
        return 0;
    }

    /** @return logits [T][V] of one sequence */
    double[][] logits(int[] tokens) {
        int t = tokens.length;
        double[][] x = new double[t][];
        double[] emb = w.get("model.embed_tokens.weight");
        for (int i = 0; i < t; i++) {
            x[i] = new double[hidden];
            System.arraycopy(emb, tokens[i] * hidden, x[i], 0, hidden);
        }
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            double[][] v = new double[t][];
            for (int i = 0; i < t; i++) {
                double[] h = rmsNorm(x[i], w.get(p + "input_layernorm.weight"));
                q[i] = rope(matVec(p + "self_attn.q_proj", h, heads * headDim), heads, i);
                k[i] = rope(matVec(p + "self_attn.k_proj", h, kvHeads * headDim), kvHeads, i);
                v[i] = matVec(p + "self_attn.v_proj", h, kvHeads * headDim);
            }
            int win = window(l);
            for (int i = 0; i < t; i++) {
                double[] att = new double[heads * headDim];
                for (int hh = 0; hh < heads; hh++) {
                    int kvh = hh / (heads / kvHeads);
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        if (win > 0 && i - j >= win) {
                            s[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int d = 0; d < headDim; d++) {
                            dot += q[i][hh * headDim + d] * k[j][kvh * headDim + d];
                        }
                        s[j] = dot / Math.sqrt(headDim);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int d = 0; d < headDim; d++) {
                            att[hh * headDim + d] += s[j] / z * v[j][kvh * headDim + d];
                        }
                    }
                }
                double[] o = matVec(p + "self_attn.o_proj", att, hidden);
                for (int d = 0; d < hidden; d++) {
                    x[i][d] += o[d];
                }
            }
            for (int i = 0; i < t; i++) {
                double[] h = rmsNorm(x[i], w.get(p + "post_attention_layernorm.weight"));
                double[] g = matVec(p + "mlp.gate_proj", h, inter);
                double[] u = matVec(p + "mlp.up_proj", h, inter);
                for (int m = 0; m < inter; m++) {
                    g[m] = g[m] / (1 + Math.exp(-g[m])) * u[m];
                }
                double[] d = matVec(p + "mlp.down_proj", g, hidden);
                for (int c = 0; c < hidden; c++) {
                    x[i][c] += d[c];
                }
            }
        }
        double[][] out = new double[t][];
        String head = tied ? "model.embed_tokens" : "lm_head";
        for (int i = 0; i < t; i++) {
            out[i] = matVec(head, rmsNorm(x[i], w.get("model.norm.weight")), vocab);
        }
        return out;
    }

    /** @return greedy continuation of {@code n} tokens (stopping after an eos id) */
    int[] greedy(int[] prompt, int n, Set<Integer> eos) {
        int[] seq = prompt.clone();
        int[] out = new int[0];
        for (int s = 0; s < n; s++) {
            double[][] l = logits(seq);
            double[] last = l[l.length - 1];
            int best = 0;
            for (int i = 1; i < last.length; i++) {
                if (last[i] > last[best]) {
                    best = i;
                }
            }
            out = java.util.Arrays.copyOf(out, out.length + 1);
            out[out.length - 1] = best;
            seq = java.util.Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
            if (eos.contains(best)) {
                break;
            }
        }
        return out;
    }

    /** @return -log softmax(logits[j-1])[tokens[j]] summed over the scored tokens */
    double nll(int[] tokens, boolean[] scored) {
        double[][] l = logits(tokens);
        double sum = 0;
        for (int j = 1; j < tokens.length; j++) {
            if (!scored[j]) {
                continue;
            }
            double[] row = l[j - 1];
            double max = Double.NEGATIVE_INFINITY;
            for (double r : row) {
                max = Math.max(max, r);
            }
            double z = 0;
            for (double r : row) {
                z += Math.exp(r - max);
            }
            sum -= row[tokens[j]] - max - Math.log(z);
        }
        return sum;
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double ms = 0;
        for (double v : x) {
            ms += v * v;
        }
        double r = 1 / Math.sqrt(ms / x.length + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * r * weight[i];
        }
        return y;
    }

    private double[] rope(double[] x, int n, int pos) {
        double[] y = x.clone();
        int half = headDim / 2;
        for (int h = 0; h < n; h++) {
            for (int i = 0; i < half; i++) {
                double a = pos * invFreq[i];
                double x1 = x[h * headDim + i];
                double x2 = x[h * headDim + i + half];
                y[h * headDim + i] = x1 * Math.cos(a) - x2 * Math.sin(a);
                y[h * headDim + i + half] = x2 * Math.cos(a) + x1 * Math.sin(a);
            }
        }
        return y;
    }

    /** y = W x + b for a Hugging Face linear layer ({@code name.weight} [out, in], optional {@code name.bias}). */
    private double[] matVec(String name, double[] x, int out) {
        double[] m = w.get(name + ".weight");
        double[] b = w.get(name + ".bias");
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < x.length; i++) {
                s += m[o * x.length + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }
}
