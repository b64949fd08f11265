package org.safemerge.model;

/**
 * Log-likelihoods of the choices of a multiple-choice question, each scored as the answer to the question.
 *
 * @param logLikelihoods per choice: the sum of the log-probabilities of its answer tokens
 * @param tokens         per choice: its answer tokens
 */
public record ChoiceResult(double[] logLikelihoods, int[] tokens) {
    /** @return the index of the most likely choice (lm-eval's {@code acc}); ties go to the first */
    public int best() {
        int best = 0;
        for (int i = 1; i < logLikelihoods.length; i++) {
            if (logLikelihoods[i] > logLikelihoods[best]) {
                best = i;
            }
        }
        return best;
    }

    /** @return the index of the choice with the highest log-likelihood per token (length-normalised) */
    public int bestPerToken() {
        int best = 0;
        for (int i = 1; i < logLikelihoods.length; i++) {
            if (logLikelihoods[i] / Math.max(1, tokens[i]) > logLikelihoods[best] / Math.max(1, tokens[best])) {
                best = i;
            }
        }
        return best;
    }
}
