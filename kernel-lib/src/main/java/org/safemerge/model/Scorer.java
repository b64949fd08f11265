package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.safemerge.progress.Progress;

/**
 * Cross-entropy of target tokens: batched, right-padded, with logits computed only at the positions that predict a
 * target (a prompt costs the decoder but not the vocabulary projection).
 */
final class Scorer {
    /** At most this many logits (rows x vocabulary) are materialised at once. */
    private static final long MAX_LOGITS = 1L << 25;

    private Scorer() {
    }

    /**
     * Scores examples in batches of similar length.
     *
     * @param nllSum filled with each example's summed negative log-likelihood
     * @param count  filled with each example's target count
     */
    static void score(Transformer model, Weights w, NDManager m, List<TokenExample> examples, int batchSize,
                      int padId, double[] nllSum, int[] count) {
        Integer[] order = new Integer[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> examples.get(i).length()));
        try (Progress progress = Progress.start("Scoring", examples.size(), "examples")) {
            for (int start = 0; start < order.length; start += batchSize) {
                int end = Math.min(order.length, start + batchSize);
                List<TokenExample> batch = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    batch.add(examples.get(order[i]));
                }
                double[] sums = new double[batch.size()];
                scoreBatch(model, w, m, batch, padId, sums);
                for (int i = start; i < end; i++) {
                    nllSum[order[i]] = sums[i - start];
                    count[order[i]] = examples.get(order[i]).targetCount();
                }
                progress.step(end - start);
            }
        }
    }

    private static void scoreBatch(Transformer model, Weights w, NDManager m, List<TokenExample> batch, int padId,
                                   double[] sums) {
        Targets targets = Targets.of(batch);
        if (targets.size() == 0) {
            return;
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray hidden = model.hidden(w, Batch.rightPadded(m, model, tokensOf(batch), padId), null);  // [B, T, H]
            NDArray flat = hidden.reshape(-1, model.spec().hiddenSize());                // [B*T, H]
            long chunk = Math.max(1, MAX_LOGITS / model.spec().vocabSize());
            for (int from = 0; from < targets.size(); from += (int) chunk) {
                int to = (int) Math.min(targets.size(), from + chunk);
                NDArray logp = targetLogProbs(model, w, m, flat, targets, from, to);     // [n]
                float[] v = logp.toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = from; i < to; i++) {
                    sums[targets.row[i]] -= v[i - from];
                }
            }
        }
    }

    /**
     * The mean negative log-likelihood over all targets of a batch, as a scalar array inside the current autograd
     * graph (training, gradients w.r.t. merge coefficients). Call inside an {@code NDScope} that stays open until
     * after {@code backward()}.
     *
     * @return [] owned by the current scope
     * @throws IllegalArgumentException if the batch has no target token
     */
    static NDArray meanLoss(Transformer model, Weights w, NDManager m, List<TokenExample> batch, int padId) {
        Targets targets = Targets.of(batch);
        if (targets.size() == 0) {
            throw new IllegalArgumentException("the batch has no target tokens to compute a loss on");
        }
        NDArray hidden = model.hidden(w, Batch.rightPadded(m, model, tokensOf(batch), padId), null);      // [B, T, H]
        NDArray flat = hidden.reshape(-1, model.spec().hiddenSize());                    // [B*T, H]
        NDArray logp = targetLogProbs(model, w, m, flat, targets, 0, targets.size());    // [N]
        NDArray n = Transformer.scalar(m, targets.size(), logp.getDataType());
        return logp.sum().neg().div(n);                                                  // []
    }

    /** log p(target) for targets [from, to): rows of {@code flat} picked, projected, normalised, gathered. */
    private static NDArray targetLogProbs(Transformer model, Weights w, NDManager m, NDArray flat, Targets t,
                                          int from, int to) {
        int n = to - from;
        NDArray rows = m.create(Arrays.copyOfRange(t.position, from, to), new Shape(n));    // [n]
        NDArray ids = m.create(Arrays.copyOfRange(t.token, from, to), new Shape(n, 1));     // [n, 1]
        NDArray h = Transformer.embedding(rows, flat);                                 // [n, H]
        NDArray logits = model.logits(w, h).toType(model.normType(), false);           // [n, V]
        return logits.logSoftmax(1).gather(ids, 1).reshape(n);                         // [n]
    }

    private static List<int[]> tokensOf(List<TokenExample> batch) {
        List<int[]> out = new ArrayList<>(batch.size());
        for (TokenExample e : batch) {
            out.add(e.tokens());
        }
        return out;
    }

    /** Flattened targets of a right-padded batch: the predicting row b*T + j - 1 and the target token of each. */
    private record Targets(long[] position, long[] token, int[] row) {
        static Targets of(List<TokenExample> batch) {
            int t = batch.stream().mapToInt(TokenExample::length).max().orElse(0);
            int n = batch.stream().mapToInt(TokenExample::targetCount).sum();
            long[] position = new long[n];
            long[] token = new long[n];
            int[] row = new int[n];
            int k = 0;
            for (int b = 0; b < batch.size(); b++) {
                TokenExample e = batch.get(b);
                for (int j = 1; j < e.length(); j++) {
                    if (e.scored()[j]) {
                        position[k] = (long) b * t + j - 1;
                        token[k] = e.tokens()[j];
                        row[k++] = b;
                    }
                }
            }
            return new Targets(position, token, row);
        }

        int size() {
            return position.length;
        }
    }
}
