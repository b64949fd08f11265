package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Turns token sequences into the arrays one forward call needs: token ids, positions and additive attention masks
 * (0 where a query may attend to a key, a large negative number where it may not).
 *
 * <p>Two paddings: <b>right</b> padding for scoring and training (every row starts at position 0; causal masking
 * alone keeps real tokens from seeing the padding after them) and <b>left</b> padding for generation (all prompts
 * end in the same column, so each decoding step appends one column; padding keys are masked and each row's
 * positions start at 0 at its first real token). A sliding window, where configured, is part of the mask:
 * a query at index i sees keys j with {@code i - window < j <= i}.
 *
 * <p>All arrays are created with the given manager (use it inside an {@code NDScope}).
 */
public final class Batch {
    /** Added to the scores of forbidden keys; finite, so fully masked padding rows stay finite. */
    static final float MASKED = -1e30f;

    private Batch() {
    }

    /**
     * The inputs of one forward call.
     *
     * @param tokens      [B, T] int64 token ids
     * @param positions   [B, T] or [1, T] int64 rotary positions
     * @param fullMask    [B|1, 1, 1, T, S] additive mask for full-attention layers
     * @param windowMask  the same for sliding-window layers, or null if the model has none
     * @param length      T, the number of new tokens per row
     * @param maxPosition the largest position used
     */
    public record Input(NDArray tokens, NDArray positions, NDArray fullMask, NDArray windowMask, int length,
                        int maxPosition) {
    }

    /**
     * Right-padded batch starting at position 0 with no cache: scoring and training.
     *
     * @param sequences token ids per row (padded with {@code padId} to the longest)
     * @throws IllegalArgumentException if a token id is outside the vocabulary
     */
    public static Input rightPadded(NDManager m, Transformer model, List<int[]> sequences, int padId) {
        ModelSpec spec = model.spec();
        int b = sequences.size();
        int t = sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        if (t == 0) {
            throw new IllegalArgumentException("cannot run a batch of empty sequences");
        }
        long[] ids = new long[b * t];
        for (int row = 0; row < b; row++) {
            int[] s = sequences.get(row);
            checkIds(s, spec.vocabSize(), row);
            for (int i = 0; i < t; i++) {
                ids[row * t + i] = i < s.length ? s[i] : padId;
            }
        }
        long[] pos = new long[t];
        for (int i = 0; i < t; i++) {
            pos[i] = i;
        }
        return new Input(m.create(ids, new Shape(b, t)), m.create(pos, new Shape(1, t)),
                mask(m, model, null, 0, t, 0), windowMask(m, model, null, 0, t), t, t - 1);
    }

    /**
     * Left-padded prompts for the first generation step (or for recomputing everything without a cache).
     *
     * @param prompts  token ids per row
     * @param padLeft  filled with the number of padding columns of each row
     */
    public static Input leftPadded(NDManager m, Transformer model, List<int[]> prompts, int padId, int[] padLeft) {
        ModelSpec spec = model.spec();
        int b = prompts.size();
        int t = prompts.stream().mapToInt(s -> s.length).max().orElse(0);
        if (t == 0) {
            throw new IllegalArgumentException("cannot generate from an empty prompt");
        }
        long[] ids = new long[b * t];
        long[] pos = new long[b * t];
        for (int row = 0; row < b; row++) {
            int[] s = prompts.get(row);
            checkIds(s, spec.vocabSize(), row);
            padLeft[row] = t - s.length;
            for (int i = 0; i < t; i++) {
                int j = i - padLeft[row];
                ids[row * t + i] = j >= 0 ? s[j] : padId;
                pos[row * t + i] = Math.max(0, j);
            }
        }
        return new Input(m.create(ids, new Shape(b, t)), m.create(pos, new Shape(b, t)),
                mask(m, model, padLeft, 0, t, 0), windowMask(m, model, padLeft, 0, t), t, t - 1);
    }

    /**
     * One decoding step: a single new token per row after {@code past} cached columns.
     *
     * @param tokens  the new token of each row
     * @param padLeft padding columns of each row (from {@link #leftPadded})
     * @param past    columns already in the cache
     */
    public static Input step(NDManager m, Transformer model, int[] tokens, int[] padLeft, int past) {
        int b = tokens.length;
        checkIds(tokens, model.spec().vocabSize(), -1);
        long[] ids = new long[b];
        long[] pos = new long[b];
        int maxPos = 0;
        for (int row = 0; row < b; row++) {
            ids[row] = tokens[row];
            pos[row] = past - padLeft[row];
            maxPos = Math.max(maxPos, (int) pos[row]);
        }
        return new Input(m.create(ids, new Shape(b, 1)), m.create(pos, new Shape(b, 1)),
                mask(m, model, padLeft, past, 1, 0), windowMask(m, model, padLeft, past, 1), 1, maxPos);
    }

    private static NDArray windowMask(NDManager m, Transformer model, int[] padLeft, int past, int t) {
        int window = model.spec().slidingWindow();
        return window > 0 ? mask(m, model, padLeft, past, t, window) : null;
    }

    /** [B|1, 1, 1, T, S] with S = past + T: causal, padding keys masked, optional window. */
    private static NDArray mask(NDManager m, Transformer model, int[] padLeft, int past, int t, int window) {
        int rows = padLeft == null ? 1 : padLeft.length;
        int s = past + t;
        float[] v = new float[rows * t * s];
        for (int row = 0; row < rows; row++) {
            int firstKey = padLeft == null ? 0 : padLeft[row];
            for (int qi = 0; qi < t; qi++) {
                int i = past + qi;               // the query's column in the cache
                int base = (row * t + qi) * s;
                for (int j = 0; j < s; j++) {
                    boolean allowed = j <= i && j >= firstKey && (window == 0 || i - j < window);
                    v[base + j] = allowed ? 0f : MASKED;
                }
            }
        }
        NDArray mask = m.create(v, new Shape(rows, 1, 1, t, s));
        DataType type = model.normType();
        return type == DataType.FLOAT32 ? mask : mask.toType(type, false);
    }

    /** @throws IllegalArgumentException naming the first id outside [0, vocab) */
    static void checkIds(int[] ids, int vocab, int row) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i
                        + (row >= 0 ? " of sequence " + row : "") + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }
}
