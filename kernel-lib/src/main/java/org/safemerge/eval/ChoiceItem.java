package org.safemerge.eval;

import java.util.List;
import java.util.Objects;

/**
 * One multiple-choice question.
 *
 * @param id      stable identifier within its set
 * @param prompt  the user message (question, and options if the task shows them)
 * @param choices the candidate answers, scored as the assistant's reply
 * @param correct index of the right choice
 */
public record ChoiceItem(String id, String prompt, List<String> choices, int correct) {
    public ChoiceItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        choices = List.copyOf(choices);
        if (choices.size() < 2) {
            throw new IllegalArgumentException("choice item " + id + ": " + choices.size()
                    + " choices; expected at least 2");
        }
        if (correct < 0 || correct >= choices.size()) {
            throw new IllegalArgumentException("choice item " + id + ": correct index " + correct
                    + " is outside 0.." + (choices.size() - 1));
        }
    }
}
