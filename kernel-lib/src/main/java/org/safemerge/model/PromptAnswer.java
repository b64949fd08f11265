package org.safemerge.model;

import java.util.Objects;

/**
 * A (question, answer) pair: the unit of scoring and of supervised training. Rendered with the model's chat
 * template as a user turn followed by an assistant turn; only the assistant turn's tokens are scored.
 *
 * @param prompt the user's message
 * @param answer the assistant's reply
 */
public record PromptAnswer(String prompt, String answer) {
    public PromptAnswer {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
    }
}
