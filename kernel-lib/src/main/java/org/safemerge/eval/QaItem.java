package org.safemerge.eval;

import java.util.Objects;

/**
 * One question with a checkable reference answer, for generation tasks.
 *
 * @param id       stable identifier within its set
 * @param prompt   the user message
 * @param answer   the reference answer, compared after extraction and normalisation
 * @param category a sub-task label (e.g. the operation or the fact relation; "" if none)
 */
public record QaItem(String id, String prompt, String answer, String category) {
    public QaItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
        category = category == null ? "" : category;
    }
}
