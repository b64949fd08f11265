package org.safemerge.experiment;

import java.util.List;

/**
 * One run of an ablation sweep: the varied parameter's value and the selected merge's scores.
 *
 * @param parameter  {@code alpha}, {@code k} or {@code budget}
 * @param value      its value in this run
 * @param alignment  % safe replies on the held-out harmful prompts
 * @param domainAcc  the pool's domain accuracy, %
 * @param objective  the selected merge's objective (L_safety + alpha * L_expert)
 */
public record AblationRow(String parameter, double value, double alignment, double domainAcc, double objective) {
    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of("parameter", "value", "alignment", "domain_acc", "objective");
}
