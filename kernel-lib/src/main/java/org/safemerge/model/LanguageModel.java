package org.safemerge.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safemerge.SafeMerge;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;
import org.safemerge.tensor.FloatTensor;
import org.safemerge.text.ChatMessage;
import org.safemerge.text.Tokenizer;

/**
 * A Llama-family language model ready to run: config, weights on a device, tokenizer and chat template. The one
 * object the pipelines, evaluators, search and tiny-world training program against.
 *
 * <pre>
 * try (LanguageModel model = LanguageModel.load(Path.of("datasets/tiny-world/zoo/tiny-instruct"), RuntimeOptions.DEFAULT)) {
 *     List&lt;String&gt; replies = model.chat(List.of("what is 2+3?"), GenerationOptions.greedy(32));
 *     ScoreResult s = model.score(List.of(new PromptAnswer("what is 2+3?", "5")), 16);
 *     model.setWeights(mergedTensorSet);                 // same architecture, new weights: cheap
 * }
 * </pre>
 *
 * <ul>
 *   <li><b>Generation</b> is batched (prompts sorted by length, left-padded), uses a KV cache, greedy or seeded
 *       temperature/top-k/top-p sampling, and stops on eos (config, generation_config and tokenizer eos ids), extra
 *       stop ids, stop strings or the token budget.</li>
 *   <li><b>Scoring</b> is the mean cross-entropy over answer tokens only, token-weighted (see {@link ScoreResult}),
 *       of pairs rendered by {@link ChatFormat}; batched and right-padded, equal to one-by-one scoring.</li>
 *   <li><b>Training</b> is AdamW with warmup + cosine and clipping ({@link TrainingOptions}); {@link #save} writes
 *       a Hugging Face directory.</li>
 *   <li><b>Gradients w.r.t. merge coefficients</b>: {@link #answerLoss(Weights, List)} runs the forward pass on
 *       any {@link Weights}, e.g. arrays computed inside a {@code GradientCollector}.</li>
 * </ul>
 * Not thread-safe: one model, one thread at a time. Owns its native memory: close it.
 */
public final class LanguageModel implements AutoCloseable {
    private final ModelConfig config;
    private final ModelSpec spec;
    private final RuntimeOptions options;
    private final NDManager manager;
    private final Transformer transformer;
    private final ModelWeights weights;
    private final Tokenizer tokenizer;
    private final boolean ownsTokenizer;
    private final Set<Integer> eosIds;
    private final int padId;

    private LanguageModel(ModelConfig config, TensorSource source, Tokenizer tokenizer, boolean ownsTokenizer,
                          List<Integer> extraEos, RuntimeOptions options) {
        SafeMerge.configureOffline();
        this.config = config;
        this.spec = ModelSpec.from(config);
        this.options = options;
        ModelWeights.check(spec, source);
        if (tokenizer != null && tokenizer.vocabSize() > spec.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer of " + tokenizer.directory() + " has "
                    + tokenizer.vocabSize() + " ids but the model's vocab_size is " + spec.vocabSize());
        }
        Device device = options.device().resolve();
        if (options.precision() == Precision.FLOAT16 && !device.isGpu()) {
            throw new IllegalArgumentException("float16 runs only on a GPU (float16 matrix products on a CPU are"
                    + " about 100x slower than float32); use float32 on " + device);
        }
        this.manager = DeviceChoice.engine().newBaseManager(device);
        DataType dtype = options.precision().dataType();
        try {
            this.transformer = new Transformer(spec, manager, dtype);
            this.weights = new ModelWeights(spec, source, manager, dtype);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.tokenizer = tokenizer;
        this.ownsTokenizer = ownsTokenizer;
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        eos.addAll(extraEos);
        if (tokenizer != null && tokenizer.eosTokenId() >= 0) {
            eos.add(tokenizer.eosTokenId());
        }
        this.eosIds = Set.copyOf(eos);
        int pad = config.padTokenId();
        if (pad < 0 && tokenizer != null) {
            pad = tokenizer.padTokenId();
        }
        if (pad < 0 && !eos.isEmpty()) {
            pad = eos.iterator().next();
        }
        this.padId = pad >= 0 && pad < spec.vocabSize() ? pad : 0;   // padding is masked: any valid id works
    }

    // ------------------------------------------------------------------------------------------- construction

    /**
     * Loads a Hugging Face model directory: config.json, safetensors weights (any float dtype), and, when present,
     * tokenizer.json, tokenizer_config.json (special tokens, chat template), chat_template.jinja and
     * generation_config.json (extra eos ids).
     *
     * @throws IllegalArgumentException for an unsupported architecture or rope type, missing or misshapen tensors,
     *                                  a broken tokenizer or template file (the message names the file)
     */
    public static LanguageModel load(Path dir, RuntimeOptions options) {
        SafeMerge.configureOffline();
        try (Checkpoint ckpt = Checkpoint.open(dir)) {
            Tokenizer tok = Files.isDirectory(dir) && Tokenizer.existsIn(dir) ? Tokenizer.load(dir) : null;
            try {
                return new LanguageModel(ckpt.config(), ckpt, tok, true, generationEos(dir), options);
            } catch (RuntimeException e) {
                if (tok != null) {
                    tok.close();
                }
                throw e;
            }
        }
    }

    /**
     * A model from a config and weights held anywhere, e.g. a merge in memory (nothing is written to disk).
     *
     * @param tokenizer may be null (token-level use only); not closed by the model
     */
    public static LanguageModel of(ModelConfig config, TensorSource weights, Tokenizer tokenizer,
                                   RuntimeOptions options) {
        return new LanguageModel(config, weights, tokenizer, false, List.of(), options);
    }

    /**
     * A fresh model with seeded random weights ({@link RandomInit}), to be trained.
     *
     * @param tokenizer may be null; not closed by the model
     */
    public static LanguageModel random(ModelConfig config, long seed, Tokenizer tokenizer, RuntimeOptions options) {
        return of(config, RandomInit.weights(config, seed), tokenizer, options);
    }

    private static List<Integer> generationEos(Path dir) {
        Path f = dir.resolve("generation_config.json");
        List<Integer> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            JsonNode n = new ObjectMapper().readTree(Files.readString(f)).path("eos_token_id");
            if (n.isArray()) {
                n.forEach(x -> out.add(x.asInt()));
            } else if (n.isInt()) {
                out.add(n.asInt());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the weights with another set of the same architecture (e.g. the next merged candidate), keeping
     * the device, tokenizer and compiled constants.
     *
     * @throws IllegalArgumentException if a tensor is missing or has the wrong shape (nothing replaced then)
     */
    public void setWeights(TensorSource source) {
        weights.replace(source);
    }

    // ------------------------------------------------------------------------------------------- inference

    /**
     * @param tokens the token ids of one sequence
     * @return the logits at every position, [T, vocab], float32
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    public FloatTensor logits(int[] tokens) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray hidden = transformer.hidden(weights, Batch.rightPadded(manager, transformer, List.of(tokens),
                    padId), null);                                                       // [1, T, H]
            NDArray logits = transformer.logits(weights, hidden);                        // [1, T, V]
            float[] v = logits.toType(DataType.FLOAT32, false).toFloatArray();
            return new FloatTensor(new long[] {tokens.length, spec.vocabSize()}, v);
        }
    }

    /**
     * Generates continuations of token prompts.
     *
     * @return one {@link Generation} per prompt, in order (text decoded when there is a tokenizer)
     * @throws IllegalArgumentException if a prompt is empty or has an id outside the vocabulary
     */
    public List<Generation> generate(List<int[]> prompts, GenerationOptions o) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty: generation needs at least one token");
            }
        }
        Set<Integer> stops = new LinkedHashSet<>(eosIds);
        stops.addAll(o.stopTokenIds());
        if (!o.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer; this model has none");
        }
        int batch = o.batchSize() > 0 ? o.batchSize() : options.batchSize();
        Generator g = new Generator(transformer, weights, manager);
        List<Generator.Raw> raw = g.generate(prompts, o, stops, padId, batch,
                tokenizer == null ? null : ids -> tokenizer.decode(ids, false));
        List<Generation> out = new ArrayList<>(raw.size());
        for (Generator.Raw r : raw) {
            out.add(new Generation(r.tokens(), decodeReply(r, o), r.finish()));
        }
        return out;
    }

    private String decodeReply(Generator.Raw r, GenerationOptions o) {
        if (tokenizer == null) {
            return "";
        }
        String text = tokenizer.decode(r.tokens(), true);
        if (r.finish() == Generation.FinishReason.STOP_STRING) {
            int cut = text.length();
            for (String s : o.stopStrings()) {
                int at = text.indexOf(s);
                if (at >= 0) {
                    cut = Math.min(cut, at);
                }
            }
            text = text.substring(0, cut);
        }
        return text;
    }

    /** Generates continuations of raw text prompts (no chat template; the tokenizer's special tokens added). */
    public List<Generation> generateText(List<String> prompts, GenerationOptions o) {
        ChatFormat f = format();
        return generate(prompts.stream().map(f::rawPrompt).toList(), o);
    }

    /**
     * Generates the assistant's next turn of each conversation, rendered with the chat template.
     *
     * @throws IllegalArgumentException if there is no chat template or it fails on a conversation
     */
    public List<Generation> generateChat(List<List<ChatMessage>> conversations, GenerationOptions o) {
        ChatFormat f = format();
        return generate(conversations.stream().map(f::prompt).toList(), o);
    }

    /**
     * Replies to single-turn user prompts: the call the judge, the evaluators and the data pipelines make. Prompts
     * are batched ({@link GenerationOptions#batchSize()}), so pass many at once.
     *
     * @return the assistant replies, in order
     */
    public List<String> chat(List<String> userPrompts, GenerationOptions o) {
        List<List<ChatMessage>> conv = userPrompts.stream().map(p -> List.of(ChatMessage.user(p))).toList();
        return generateChat(conv, o).stream().map(Generation::text).toList();
    }

    // ------------------------------------------------------------------------------------------- scoring

    /**
     * Cross-entropy of the answer tokens of (prompt, answer) pairs; prompt tokens are context only.
     *
     * @param batchSize pairs per forward call
     * @return the token-weighted mean over all answer tokens, and per-pair values
     */
    public ScoreResult score(List<PromptAnswer> pairs, int batchSize) {
        return scoreTokens(encode(pairs, false), batchSize);
    }

    /** {@link #score(List, int)} with the runtime's batch size. */
    public ScoreResult score(List<PromptAnswer> pairs) {
        return score(pairs, options.batchSize());
    }

    /** Cross-entropy of the target tokens of pre-tokenized examples. */
    public ScoreResult scoreTokens(List<TokenExample> examples, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        double[] sums = new double[examples.size()];
        int[] counts = new int[examples.size()];
        Scorer.score(transformer, weights, manager, examples, batchSize, padId, sums, counts);
        return ScoreResult.of(sums, counts);
    }

    /**
     * Multiple choice: the log-likelihood of each choice as the answer to the question (rendered as a pair, so a
     * chat model's end-of-turn tokens count too).
     */
    public ChoiceResult choose(String question, List<String> choices) {
        List<PromptAnswer> pairs = choices.stream().map(c -> new PromptAnswer(question, c)).toList();
        ScoreResult r = score(pairs, Math.max(1, choices.size()));
        return new ChoiceResult(r.pairLogLikelihood(), r.pairTokens());
    }

    // ------------------------------------------------------------------------------------------- training

    /** Trains on (prompt, answer) pairs (answer tokens only unless {@link TrainingOptions#allTokens()}). */
    public TrainingReport train(List<PromptAnswer> pairs, TrainingOptions o) {
        return train(pairs, o, null);
    }

    /** As {@link #train(List, TrainingOptions)}, calling {@code listener} after every step. */
    public TrainingReport train(List<PromptAnswer> pairs, TrainingOptions o, TrainingListener listener) {
        return train(pairs, new BitSet(), o, listener);
    }

    /**
     * As {@link #train(List, TrainingOptions, TrainingListener)}, with the pairs whose indices are set in
     * {@code fullScale} exempt from task-vector scale noise ({@link TrainingOptions#minDeltaScale()}): their loss is
     * always taken at the current weights, for a skill that only the whole change needs to keep.
     */
    public TrainingReport train(List<PromptAnswer> pairs, BitSet fullScale, TrainingOptions o,
                                TrainingListener listener) {
        return trainTokens(encode(pairs, o.allTokens()), fullScale, o, listener);
    }

    /**
     * Trains on pre-tokenized examples; the weights are updated in place. Each call starts a fresh optimizer
     * (AdamW moments at zero) and schedule.
     */
    public TrainingReport trainTokens(List<TokenExample> examples, TrainingOptions o, TrainingListener listener) {
        return trainTokens(examples, new BitSet(), o, listener);
    }

    /** As {@link #trainTokens(List, TrainingOptions, TrainingListener)}, with full-scale examples as in train. */
    public TrainingReport trainTokens(List<TokenExample> examples, BitSet fullScale, TrainingOptions o,
                                      TrainingListener listener) {
        if (options.precision() == Precision.FLOAT16) {
            throw new IllegalArgumentException("training runs in float32 or float64, not float16");
        }
        return Trainer.train(transformer, weights, manager, examples, fullScale, o, padId, listener);
    }

    /**
     * Saves the model as a Hugging Face directory (config.json, model.safetensors, tokenizer files).
     *
     * @param dtype     storage type: F32, BF16 or F16
     * @param overwrite replace an existing non-empty directory
     */
    public void save(Path dir, DType dtype, boolean overwrite) {
        ModelSaver.save(dir, config, weights.toTensorSet(), dtype,
                tokenizer == null ? List.of() : tokenizer.files(), overwrite);
    }

    /** Saves as float32, refusing to overwrite. */
    public void save(Path dir) {
        save(dir, DType.F32, false);
    }

    /** @return a float32 copy of the current weights (no lm_head when tied) */
    public TensorSet weightsSnapshot() {
        return weights.toTensorSet();
    }

    // ------------------------------------------------------------------------------------------- autograd

    /**
     * The mean answer-token cross-entropy of pairs under the given weights, as a scalar inside the current autograd
     * graph: the hook for gradients with respect to merge coefficients.
     *
     * <pre>
     * try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
     *     Map&lt;String, NDArray&gt; theta = ...;                 // theta0 + lambda * tau, built from arrays in the graph
     *     NDArray loss = model.answerLoss(theta::get, pairs);
     *     gc.backward(loss);
     * }                                                        // lambda.getGradient() now holds dL/dlambda
     * </pre>
     *
     * @param w the weights, on {@link #manager()}'s device, of the model's compute type
     * @return [] owned by the current NDScope; keep the scope open until after {@code backward()}
     */
    public NDArray answerLoss(Weights w, List<PromptAnswer> pairs) {
        return tokenLoss(w, encode(pairs, false));
    }

    /** As {@link #answerLoss} for pre-tokenized examples. */
    public NDArray tokenLoss(Weights w, List<TokenExample> examples) {
        return Scorer.meanLoss(transformer, w, manager, examples, padId);
    }

    /**
     * Logits of right-padded sequences under the given weights, inside the current graph.
     *
     * @return [B, T, V] owned by the current NDScope
     */
    public NDArray forward(Weights w, List<int[]> sequences) {
        NDArray hidden = transformer.hidden(w, Batch.rightPadded(manager, transformer, sequences, padId), null);
        return transformer.logits(w, hidden);
    }

    // ------------------------------------------------------------------------------------------- parts

    /**
     * @param allTokens score the prompt tokens too
     * @return the pairs as token examples, rendered by {@link ChatFormat}
     */
    public List<TokenExample> encode(List<PromptAnswer> pairs, boolean allTokens) {
        ChatFormat f = format();
        List<TokenExample> out = new ArrayList<>(pairs.size());
        for (PromptAnswer p : pairs) {
            TokenExample e = f.pair(p);
            out.add(allTokens ? TokenExample.allTokens(e.tokens()) : e);
        }
        return out;
    }

    /** @return the chat format (needs a tokenizer) */
    public ChatFormat format() {
        if (tokenizer == null) {
            throw new IllegalArgumentException("this model has no tokenizer (tokenizer.json), so it cannot read text");
        }
        return new ChatFormat(tokenizer, eosIds.isEmpty() ? -1 : eosIds.iterator().next());
    }

    /** @return the config */
    public ModelConfig config() {
        return config;
    }

    /** @return the validated blueprint */
    public ModelSpec spec() {
        return spec;
    }

    /** @return the runtime options */
    public RuntimeOptions options() {
        return options;
    }

    /** @return the tokenizer, if the model has one */
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    /** @return the token ids that end generation */
    public Set<Integer> eosTokenIds() {
        return eosIds;
    }

    /** @return the id fed into padding positions */
    public int padTokenId() {
        return padId;
    }

    /** @return the device the model runs on */
    public Device device() {
        return manager.getDevice();
    }

    /** @return the root manager (create arrays for {@link #answerLoss} with it; do not close it) */
    public NDManager manager() {
        return manager;
    }

    /** @return the forward pass */
    public Transformer transformer() {
        return transformer;
    }

    /** @return the current weights (owned by the model) */
    public ModelWeights weights() {
        return weights;
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            if (ownsTokenizer && tokenizer != null) {
                tokenizer.close();
            }
        }
    }

    @Override
    public String toString() {
        return "LanguageModel[" + spec.architecture().className() + ", " + spec.parameterCount() + " parameters, "
                + manager.getDevice() + "]";
    }
}
