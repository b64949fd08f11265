package org.safemerge.search;

import java.util.Map;
import org.safemerge.merge.Recipe;

/**
 * One evaluated candidate of a search: a row of its table.
 *
 * @param index      1-based position in evaluation order (EvoMM: the evaluation number)
 * @param label      its parameters in short ("density=0.5 weight=0.25"), for tables and plots
 * @param parameters its searched parameters by name, in order (numbers, or lists of numbers per layer group)
 * @param recipe     the recipe that rebuilds it ({@code safemerge merge} gives the same weights with the
 *                   objective's seed)
 * @param score      its objective
 * @param metrics    what the evaluator measured, or null when the search had no evaluator
 */
public record Candidate(int index, String label, Map<String, Object> parameters, Recipe recipe, ObjectiveScore score,
                        CandidateMetrics metrics) {
    public Candidate {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** @return the alignment, or NaN without an evaluator */
    public double alignment() {
        return metrics == null ? Double.NaN : metrics.alignment();
    }

    /** @return the domain accuracy, or NaN without an evaluator */
    public double domainAccuracy() {
        return metrics == null ? Double.NaN : metrics.domainAccuracy();
    }
}
