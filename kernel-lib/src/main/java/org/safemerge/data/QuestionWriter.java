package org.safemerge.data;

import java.util.List;

/**
 * A model asked to write questions: one sampled (temperature &gt; 0) reply per prompt. The same prompts and seed
 * give the same replies. {@link ModelWriters} adapts a language model; tests pass a lambda.
 */
@FunctionalInterface
public interface QuestionWriter {
    /**
     * @param prompts user messages, one conversation each (a prompt may repeat: each copy is its own sample)
     * @param seed    seeds the sampling of this call
     * @return one raw reply per prompt, in order
     */
    List<String> write(List<String> prompts, long seed);
}
