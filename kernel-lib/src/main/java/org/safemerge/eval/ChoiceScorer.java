package org.safemerge.eval;

import java.util.List;

/**
 * Log-likelihood scoring for multiple-choice tasks (lm-eval-harness style): for a user prompt rendered with the chat
 * template, the summed log-probability of each choice as the assistant's answer.
 */
@FunctionalInterface
public interface ChoiceScorer {
    /**
     * @param userPrompt the question (with its options, if the task shows them)
     * @param choices    the candidate answers
     * @return one log-likelihood per choice, in order (higher is more likely)
     */
    double[] logLikelihoods(String userPrompt, List<String> choices);
}
