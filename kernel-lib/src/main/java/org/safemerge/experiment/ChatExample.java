package org.safemerge.experiment;

/**
 * One training exchange: a user prompt and the assistant answer the model learns (loss on the answer tokens and
 * {@code </s>} only), tagged with the mix component it came from.
 *
 * @param component the mix component's name
 * @param prompt    the user message
 * @param answer    the assistant message
 */
public record ChatExample(String component, String prompt, String answer) {
}
