package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.safemerge.progress.Progress;

/**
 * Batched autoregressive generation: prompts sorted by length and left-padded into batches, one prefill pass, then
 * one token per step with the {@link KvCache} (or full recomputation when the cache is off).
 */
final class Generator {
    private static final NDIndex LAST = new NDIndex(":, -1, :");

    private final Transformer model;
    private final Weights weights;
    private final NDManager manager;

    /** A prompt's result before decoding: the new tokens and why generation stopped. */
    record Raw(int[] tokens, Generation.FinishReason finish) {
    }

    Generator(Transformer model, Weights weights, NDManager manager) {
        this.model = model;
        this.weights = weights;
        this.manager = manager;
    }

    /**
     * @param prompts   token ids per prompt (non-empty)
     * @param o         options
     * @param stopIds   ids that end a prompt's generation (eos and extras)
     * @param padId     id fed to padding columns and finished rows (masked or ignored)
     * @param batchSize prompts per forward call
     * @param decoder   tokens to text (special tokens kept), for stop strings (may be null when there are none)
     * @return one result per prompt, in prompt order
     */
    List<Raw> generate(List<int[]> prompts, GenerationOptions o, Set<Integer> stopIds, int padId, int batchSize,
                       Function<int[], String> decoder) {
        Integer[] order = new Integer[prompts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -prompts.get(i).length));
        Raw[] out = new Raw[prompts.size()];
        try (Progress progress = Progress.start("Generating", prompts.size(), "prompts")) {
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                List<int[]> chunk = new ArrayList<>();
                int[] index = new int[end - start];
                for (int i = start; i < end; i++) {
                    index[i - start] = order[i];
                    chunk.add(prompts.get(order[i]));
                }
                Raw[] r = generateBatch(chunk, index, o, stopIds, padId, decoder);
                for (int i = 0; i < r.length; i++) {
                    out[index[i]] = r[i];
                }
                progress.step(r.length);
            }
        }
        return List.of(out);
    }

    private Raw[] generateBatch(List<int[]> prompts, int[] index, GenerationOptions o, Set<Integer> stopIds,
                                int padId, Function<int[], String> decoder) {
        int b = prompts.size();
        int vocab = model.spec().vocabSize();
        Row[] rows = new Row[b];
        for (int i = 0; i < b; i++) {
            rows[i] = new Row(Sampler.streamFor(o.seed(), index[i]));
        }
        if (o.maxNewTokens() == 0) {
            return finish(rows);
        }
        int promptLength = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int[] padLeft = new int[b];
        try (NDScope outer = new NDScope();
             KvCache cache = o.useCache() ? new KvCache(model, manager, b, promptLength + o.maxNewTokens()) : null) {
            outer.suppressNotUsedWarning();
            float[] logits;
            try (NDScope step = new NDScope()) {
                step.suppressNotUsedWarning();
                Batch.Input in = Batch.leftPadded(manager, model, prompts, padId, padLeft);
                logits = lastLogits(model.hidden(weights, in, cache));
            }
            for (int t = 0; t < o.maxNewTokens(); t++) {
                int[] next = new int[b];
                boolean allDone = true;
                for (int i = 0; i < b; i++) {
                    Row row = rows[i];
                    if (row.finish != null) {
                        next[i] = padId;
                        continue;
                    }
                    int token = Sampler.pick(logits, i * vocab, vocab, o, row.rng);
                    next[i] = token;
                    row.add(token);
                    if (stopIds.contains(token)) {
                        row.finish = Generation.FinishReason.EOS;
                    } else if (!o.stopStrings().isEmpty()) {
                        row.checkStopStrings(o.stopStrings(), decoder);
                    }
                    allDone &= row.finish != null;
                }
                if (allDone || t == o.maxNewTokens() - 1) {
                    break;
                }
                try (NDScope step = new NDScope()) {
                    step.suppressNotUsedWarning();
                    if (cache != null) {
                        Batch.Input in = Batch.step(manager, model, next, padLeft, cache.length());
                        logits = lastLogits(model.hidden(weights, in, cache));
                    } else {
                        List<int[]> full = new ArrayList<>();
                        for (int i = 0; i < b; i++) {
                            full.add(rows[i].sequence(prompts.get(i), t + 1, padId));
                        }
                        logits = lastLogits(model.hidden(weights, Batch.leftPadded(manager, model, full, padId,
                                new int[b]), null));
                    }
                }
            }
        }
        return finish(rows);
    }

    /** @return logits of the last column as float32, row-major [B * V] */
    private float[] lastLogits(NDArray hidden) {
        NDArray last = hidden.get(LAST);                                   // [B, H]
        NDArray logits = model.logits(weights, last);                      // [B, V]
        return logits.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static Raw[] finish(Row[] rows) {
        Raw[] out = new Raw[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Row r = rows[i];
            out[i] = new Raw(r.tokens(), r.finish == null ? Generation.FinishReason.LENGTH : r.finish);
        }
        return out;
    }

    /** The state of one prompt during generation. */
    private static final class Row {
        private final SplittableRandom rng;
        private int[] tokens = new int[16];
        private int count;
        private Generation.FinishReason finish;

        Row(SplittableRandom rng) {
            this.rng = rng;
        }

        void add(int token) {
            if (count == tokens.length) {
                tokens = Arrays.copyOf(tokens, count * 2);
            }
            tokens[count++] = token;
        }

        int[] tokens() {
            return Arrays.copyOf(tokens, count);
        }

        void checkStopStrings(List<String> stops, Function<int[], String> decoder) {
            String text = decoder.apply(tokens());
            for (String s : stops) {
                if (text.contains(s)) {
                    finish = Generation.FinishReason.STOP_STRING;
                    return;
                }
            }
        }

        /** The row as the cache would hold it after {@code fed} steps: prompt, its tokens, then padding. */
        int[] sequence(int[] prompt, int fed, int padId) {
            int[] s = Arrays.copyOf(prompt, prompt.length + fed);
            System.arraycopy(tokens, 0, s, prompt.length, count);
            Arrays.fill(s, prompt.length + count, s.length, padId);
            return s;
        }
    }
}
