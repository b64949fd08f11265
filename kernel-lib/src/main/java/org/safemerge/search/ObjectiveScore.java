package org.safemerge.search;

/**
 * The objective of one model: each half's mean answer-token cross-entropy and their combination.
 *
 * @param safetyLoss   L_safety: nats per answer token over all of D_safety, token-weighted (NaN when the objective
 *                     is D_expert only: that half is not scored then)
 * @param expertLoss   L_expert: the same over D_expert
 * @param value        the objective, lower is better: L_safety + alpha * L_expert, or L_expert for the D_expert-only
 *                     baseline
 * @param safetyTokens answer tokens of D_safety scored (0 when not scored)
 * @param expertTokens answer tokens of D_expert scored
 */
public record ObjectiveScore(double safetyLoss, double expertLoss, double value, long safetyTokens,
                             long expertTokens) {
    /**
     * @return the mean cross-entropy over the answer tokens of all data scored (both halves together, token-weighted):
     *     LM-Cocktail's loss
     */
    public double pooledLoss() {
        if (safetyTokens == 0) {
            return expertLoss;
        }
        return (safetyLoss * safetyTokens + expertLoss * expertTokens) / (safetyTokens + expertTokens);
    }
}
