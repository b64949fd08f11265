package org.safemerge.model;

import java.util.Arrays;

/**
 * A token sequence and which of its tokens are targets: {@code scored[j]} means token j is predicted (from the
 * positions before it) and counts in the loss. Token 0 is never a target.
 *
 * @param tokens the ids
 * @param scored one flag per token
 */
public record TokenExample(int[] tokens, boolean[] scored) {
    public TokenExample {
        if (tokens.length != scored.length) {
            throw new IllegalArgumentException("tokens (" + tokens.length + ") and flags (" + scored.length
                    + ") differ in length");
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a training or scoring example needs at least one token");
        }
        if (scored[0]) {
            throw new IllegalArgumentException("the first token cannot be scored: nothing precedes it");
        }
    }

    /** @return an example whose answer tokens are the targets (the prompt is context only) */
    public static TokenExample answerOnly(int[] prompt, int[] answer) {
        int[] t = Arrays.copyOf(prompt, prompt.length + answer.length);
        System.arraycopy(answer, 0, t, prompt.length, answer.length);
        boolean[] s = new boolean[t.length];
        Arrays.fill(s, Math.max(1, prompt.length), t.length, true);
        return new TokenExample(t, s);
    }

    /** @return an example where every token after the first is a target (language modelling) */
    public static TokenExample allTokens(int[] tokens) {
        boolean[] s = new boolean[tokens.length];
        Arrays.fill(s, 1, tokens.length, true);
        return new TokenExample(tokens.clone(), s);
    }

    /** @return the number of target tokens */
    public int targetCount() {
        int n = 0;
        for (boolean b : scored) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** @return the number of tokens */
    public int length() {
        return tokens.length;
    }
}
