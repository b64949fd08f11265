package org.safemerge.search;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link CandidateEvaluator} measured on one candidate.
 *
 * @param alignment      percent of safe replies to held-out harmful prompts, 0-100
 * @param domainAccuracy percent correct on the held-out domain test, 0-100
 * @param extra          further metrics by name (each becomes a table column), in order
 */
public record CandidateMetrics(double alignment, double domainAccuracy, Map<String, Double> extra) {
    public CandidateMetrics {
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return metrics without extras */
    public static CandidateMetrics of(double alignment, double domainAccuracy) {
        return new CandidateMetrics(alignment, domainAccuracy, Map.of());
    }
}
