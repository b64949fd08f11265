package org.safemerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.ShardedCheckpointWriter;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSpec;
import org.safemerge.tensor.FloatTensor;

/**
 * Writes tiny random Llama-family checkpoints in Hugging Face layout, in milliseconds, offline: the test fixture
 * every merge and runtime test builds on (after mergekit's {@code make_picollama}).
 *
 * <pre>
 * Path a = PicoLlama.builder().seed(1).writeTo(dir.resolve("a"));          // hidden 32, 2 layers, vocab 64
 * Path b = PicoLlama.variant(a, dir.resolve("b"), 0.01, 2);                // a + small noise: a related fine-tune
 * Path q = PicoLlama.builder().architecture("qwen2").kvHeads(2).dtype(DType.BF16).writeTo(dir.resolve("q"));
 * </pre>
 */
public final class PicoLlama {
    private String architecture = "llama";
    private int layers = 2;
    private int hidden = 32;
    private int intermediate = 48;
    private int heads = 4;
    private int kvHeads = 4;
    private int headDim = -1;
    private int vocab = 64;
    private boolean tied = false;
    private boolean llama3RopeScaling = false;
    private double ropeTheta = 10000.0;
    private int slidingWindow = 0;
    private DType dtype = DType.F32;
    private long seed = 7;
    private double std = 0.02;
    private long shardBytes = ShardedCheckpointWriter.DEFAULT_SHARD_BYTES;

    private PicoLlama() {
    }

    public static PicoLlama builder() {
        return new PicoLlama();
    }

    /** "llama" (default), "mistral" or "qwen2" (q/k/v biases). */
    public PicoLlama architecture(String a) {
        this.architecture = a;
        return this;
    }

    public PicoLlama layers(int n) {
        this.layers = n;
        return this;
    }

    public PicoLlama hidden(int n) {
        this.hidden = n;
        return this;
    }

    public PicoLlama intermediate(int n) {
        this.intermediate = n;
        return this;
    }

    public PicoLlama heads(int n) {
        this.heads = n;
        return this;
    }

    public PicoLlama kvHeads(int n) {
        this.kvHeads = n;
        return this;
    }

    /** An explicit head_dim (written to config.json), which may differ from hidden / heads. */
    public PicoLlama headDim(int n) {
        this.headDim = n;
        return this;
    }

    public PicoLlama vocab(int n) {
        this.vocab = n;
        return this;
    }

    /** Ties lm_head to the embeddings: no lm_head.weight tensor, tie_word_embeddings true. */
    public PicoLlama tied(boolean t) {
        this.tied = t;
        return this;
    }

    /** Adds a llama3 rope_scaling block to the config. */
    public PicoLlama llama3RopeScaling(boolean b) {
        this.llama3RopeScaling = b;
        return this;
    }

    public PicoLlama ropeTheta(double t) {
        this.ropeTheta = t;
        return this;
    }

    public PicoLlama slidingWindow(int w) {
        this.slidingWindow = w;
        return this;
    }

    /** Storage dtype of the weights (F32, F16 or BF16). */
    public PicoLlama dtype(DType d) {
        this.dtype = d;
        return this;
    }

    public PicoLlama seed(long s) {
        this.seed = s;
        return this;
    }

    /** Standard deviation of the random weights (norm weights are 1 + noise of this size). */
    public PicoLlama std(double s) {
        this.std = s;
        return this;
    }

    /** Shard budget in bytes; small values give sharded checkpoints with an index. */
    public PicoLlama shardBytes(long b) {
        this.shardBytes = b;
        return this;
    }

    private int effectiveHeadDim() {
        return headDim > 0 ? headDim : hidden / heads;
    }

    /** @return the config.json this builder writes */
    public ModelConfig config() {
        ObjectNode c = new ObjectMapper().createObjectNode();
        String arch = switch (architecture) {
            case "llama" -> "LlamaForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            case "qwen2" -> "Qwen2ForCausalLM";
            default -> throw new IllegalArgumentException("unknown pico architecture " + architecture);
        };
        c.putArray("architectures").add(arch);
        c.put("model_type", architecture);
        c.put("hidden_size", hidden);
        c.put("intermediate_size", intermediate);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        if (headDim > 0) {
            c.put("head_dim", headDim);
        }
        c.put("vocab_size", vocab);
        c.put("max_position_embeddings", 256);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", ropeTheta);
        c.put("hidden_act", "silu");
        c.put("tie_word_embeddings", tied);
        c.put("torch_dtype", dtype.torchName());
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        if (llama3RopeScaling) {
            ObjectNode rs = c.putObject("rope_scaling");
            rs.put("rope_type", "llama3");
            rs.put("factor", 8.0);
            rs.put("low_freq_factor", 1.0);
            rs.put("high_freq_factor", 4.0);
            rs.put("original_max_position_embeddings", 64);
        }
        if (architecture.equals("mistral")) {
            if (slidingWindow > 0) {
                c.put("sliding_window", slidingWindow);
            } else {
                c.putNull("sliding_window");
            }
        }
        if (architecture.equals("qwen2")) {
            c.put("use_sliding_window", slidingWindow > 0);
            c.put("sliding_window", slidingWindow > 0 ? slidingWindow : 4096);
            c.put("max_window_layers", layers);
        }
        return ModelConfig.of(c);
    }

    /** @return the tensor specs in HF order (embeddings, layers, final norm, lm_head) */
    public List<TensorSpec> specs() {
        int hd = effectiveHeadDim();
        List<TensorSpec> s = new ArrayList<>();
        s.add(new TensorSpec("model.embed_tokens.weight", dtype, new long[] {vocab, hidden}));
        for (int i = 0; i < layers; i++) {
            String p = "model.layers." + i + ".";
            s.add(new TensorSpec(p + "input_layernorm.weight", dtype, new long[] {hidden}));
            s.add(new TensorSpec(p + "self_attn.q_proj.weight", dtype, new long[] {(long) heads * hd, hidden}));
            s.add(new TensorSpec(p + "self_attn.k_proj.weight", dtype, new long[] {(long) kvHeads * hd, hidden}));
            s.add(new TensorSpec(p + "self_attn.v_proj.weight", dtype, new long[] {(long) kvHeads * hd, hidden}));
            if (architecture.equals("qwen2")) {
                s.add(new TensorSpec(p + "self_attn.q_proj.bias", dtype, new long[] {(long) heads * hd}));
                s.add(new TensorSpec(p + "self_attn.k_proj.bias", dtype, new long[] {(long) kvHeads * hd}));
                s.add(new TensorSpec(p + "self_attn.v_proj.bias", dtype, new long[] {(long) kvHeads * hd}));
            }
            s.add(new TensorSpec(p + "self_attn.o_proj.weight", dtype, new long[] {hidden, (long) heads * hd}));
            s.add(new TensorSpec(p + "post_attention_layernorm.weight", dtype, new long[] {hidden}));
            s.add(new TensorSpec(p + "mlp.gate_proj.weight", dtype, new long[] {intermediate, hidden}));
            s.add(new TensorSpec(p + "mlp.up_proj.weight", dtype, new long[] {intermediate, hidden}));
            s.add(new TensorSpec(p + "mlp.down_proj.weight", dtype, new long[] {hidden, intermediate}));
        }
        s.add(new TensorSpec("model.norm.weight", dtype, new long[] {hidden}));
        if (!tied) {
            s.add(new TensorSpec("lm_head.weight", dtype, new long[] {vocab, hidden}));
        }
        return s;
    }

    /** @return the random weights (float32 values, already rounded to the storage dtype) */
    public TensorSet weights() {
        SplittableRandom rnd = new SplittableRandom(seed);
        TensorSet set = new TensorSet();
        for (TensorSpec s : specs()) {
            float[] v = new float[(int) s.numel()];
            boolean norm = s.name().endsWith("norm.weight");
            for (int i = 0; i < v.length; i++) {
                double g = gaussian(rnd) * std;
                v[i] = org.safemerge.io.FloatCodec.round(dtype, (float) (norm ? 1.0 + g : g));
            }
            set.put(s.name(), new FloatTensor(s.shape(), v), dtype);
        }
        return set;
    }

    /** Writes config.json and the weights into {@code dir} (created if needed); returns {@code dir}. */
    public Path writeTo(Path dir) {
        write(dir, config(), weights(), shardBytes);
        return dir;
    }

    /**
     * Writes a related model: every tensor of {@code base} plus Gaussian noise of standard deviation {@code delta}
     * (a stand-in fine-tune, so task vectors are small and meaningful). Config and dtype are the base's.
     */
    public static Path variant(Path base, Path out, double delta, long seed) {
        try (Checkpoint ckpt = Checkpoint.open(base)) {
            SplittableRandom rnd = new SplittableRandom(seed);
            TensorSet set = new TensorSet();
            for (String name : ckpt.tensorNames()) {
                FloatTensor t = ckpt.load(name);
                DType d = ckpt.spec(name).dtype();
                float[] v = t.data();
                for (int i = 0; i < v.length; i++) {
                    v[i] = org.safemerge.io.FloatCodec.round(d, (float) (v[i] + gaussian(rnd) * delta));
                }
                set.put(name, t, d);
            }
            write(out, ckpt.config(), set, ShardedCheckpointWriter.DEFAULT_SHARD_BYTES);
        }
        return out;
    }

    /** Writes a config and a tensor set as an HF model directory. */
    public static void write(Path dir, ModelConfig config, TensorSet set, long shardBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.writeTo(dir);
        List<TensorSpec> specs = set.tensorNames().stream().map(set::spec).toList();
        try (ShardedCheckpointWriter w = new ShardedCheckpointWriter(dir, specs, shardBytes, Map.of())) {
            for (String name : set.tensorNames()) {
                w.write(name, set.get(name));
            }
            w.finish();
        }
    }

    /** A standard normal sample (Box-Muller), so fixtures are identical on every JVM. */
    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
