package org.safemerge.eval;

import java.util.List;

/**
 * Raw text continuation (no chat template applied by the caller's side), greedy: what a guard model needs, since
 * the guard prompt is a complete instruction in the guard's own format.
 */
@FunctionalInterface
public interface TextGenerator {
    /**
     * @param prompts complete prompts
     * @return the generated continuation of each prompt, in order
     */
    List<String> complete(List<String> prompts);
}
