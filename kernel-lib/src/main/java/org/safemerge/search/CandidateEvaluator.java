package org.safemerge.search;

import org.safemerge.model.LanguageModel;

/**
 * Measures a merged candidate beyond the objective: alignment (% safe replies) and domain accuracy (%), plus any
 * extra metrics (e.g. over-refusal). The evaluation package's evaluators implement it; a search given one calls it
 * on every candidate, after the objective, with the candidate's weights in the model, and records the numbers.
 *
 * <pre>
 * CandidateEvaluator evaluator = model -&gt; new CandidateMetrics(judge.alignment(model), exam.accuracy(model), Map.of());
 * SearchResult r = GridSearch.run(objective, Grid.paper(pool.template()), Selection.ACCURACY, evaluator);
 * </pre>
 */
@FunctionalInterface
public interface CandidateEvaluator {
    /**
     * @param model the candidate, ready to generate and score (owned by the search: do not close it or change its
     *              weights)
     * @return its metrics
     */
    CandidateMetrics evaluate(LanguageModel model);
}
