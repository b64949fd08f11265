package org.safemerge.eval;

import java.util.List;

/**
 * A chat model seen from the evaluators: each user prompt is rendered with the model's chat template and answered
 * greedily; the replies come back in order, without the prompt and without special tokens. The runtime's language
 * model adapts to this in one line ({@code prompts -> model.chat(prompts, maxNewTokens)}); tests pass a lambda with
 * fixed replies.
 */
@FunctionalInterface
public interface Responder {
    /**
     * @param userPrompts the user messages, one conversation each
     * @return one reply per prompt, in the same order
     */
    List<String> respond(List<String> userPrompts);
}
