package org.safemerge.model;

/**
 * What one prompt produced.
 *
 * @param tokens the new token ids, including the eos or stop token that ended generation
 * @param text   the new tokens decoded without special tokens and cut before a stop string; "" when the model
 *               has no tokenizer
 * @param finish why generation ended
 */
public record Generation(int[] tokens, String text, FinishReason finish) {
    /** Why generation of a prompt ended. */
    public enum FinishReason {
        /** an eos (or extra stop) token was generated */
        EOS,
        /** the text contained a stop string */
        STOP_STRING,
        /** the token budget ran out */
        LENGTH
    }
}
