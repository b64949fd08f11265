package org.safemerge.model;

/**
 * Answer-token cross-entropy of a model on (prompt, answer) pairs.
 *
 * @param meanLoss     mean negative log-likelihood (nats) over <b>all answer tokens</b> of all pairs together
 *                     (token-weighted: a long answer counts more than a short one), the quantity the paper's
 *                     objective and LM-Cocktail use
 * @param tokens       answer tokens scored in total
 * @param pairLoss     per pair: mean negative log-likelihood over its own answer tokens (NaN if it has none)
 * @param pairTokens   per pair: answer tokens
 * @param pairLogLikelihood per pair: sum of the log-probabilities of its answer tokens
 */
public record ScoreResult(double meanLoss, long tokens, double[] pairLoss, int[] pairTokens,
                          double[] pairLogLikelihood) {
    /** @return exp(meanLoss) */
    public double perplexity() {
        return Math.exp(meanLoss);
    }

    /** @return the mean of the per-pair losses (each pair weighted equally; pairs without tokens skipped) */
    public double meanPairLoss() {
        double sum = 0;
        int n = 0;
        for (double l : pairLoss) {
            if (!Double.isNaN(l)) {
                sum += l;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Builds a result from per-pair sums. */
    static ScoreResult of(double[] nllSum, int[] count) {
        double total = 0;
        long tokens = 0;
        double[] loss = new double[nllSum.length];
        double[] ll = new double[nllSum.length];
        for (int i = 0; i < nllSum.length; i++) {
            total += nllSum[i];
            tokens += count[i];
            loss[i] = count[i] == 0 ? Double.NaN : nllSum[i] / count[i];
            ll[i] = -nllSum[i];
        }
        return new ScoreResult(tokens == 0 ? Double.NaN : total / tokens, tokens, loss, count.clone(), ll);
    }
}
