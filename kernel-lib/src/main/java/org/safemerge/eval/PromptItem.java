package org.safemerge.eval;

import java.util.Objects;

/**
 * One prompt of an evaluation set without a reference answer: a harmful request (alignment) or a benign
 * look-alike (over-refusal).
 *
 * @param id       stable identifier within its set (e.g. {@code harmful-test-0042})
 * @param prompt   the user message
 * @param category the harm category or prompt family ("" if none)
 */
public record PromptItem(String id, String prompt, String category) {
    public PromptItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        category = category == null ? "" : category;
    }
}
