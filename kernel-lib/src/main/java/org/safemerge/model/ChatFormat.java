package org.safemerge.model;

import java.util.List;
import org.safemerge.text.ChatMessage;
import org.safemerge.text.Tokenizer;

/**
 * Renders prompts and (prompt, answer) pairs into tokens the way the model was trained to read them.
 *
 * <p>With a chat template: the prompt is the template's rendering of the user turn with the generation prompt
 * ({@code add_generation_prompt=true}); the answer is whatever the full rendering of (user, assistant) adds after
 * that prefix (the reply plus the template's end-of-turn markers, e.g. eos). Both texts are tokenized separately,
 * without the tokenizer's own special tokens (the template writes them), and concatenated, so the answer tokens are
 * exactly what generation produces after the prompt. Without a template: the prompt is tokenized with the
 * tokenizer's special tokens, the answer without, followed by eos when the tokenizer or config names one.
 */
public final class ChatFormat {
    private final Tokenizer tokenizer;
    private final int eosId;

    /**
     * @param tokenizer the tokenizer (and its template, if any)
     * @param eosId     eos id appended to answers when there is no template; -1 for none
     */
    public ChatFormat(Tokenizer tokenizer, int eosId) {
        this.tokenizer = tokenizer;
        this.eosId = eosId;
    }

    /** @return true if prompts are rendered with a chat template */
    public boolean hasTemplate() {
        return tokenizer.chatTemplate().isPresent();
    }

    /**
     * @param conversation the turns so far (usually one user turn)
     * @return the token ids of the conversation followed by the opening of an assistant turn
     * @throws IllegalArgumentException if there is no chat template or it fails
     */
    public int[] prompt(List<ChatMessage> conversation) {
        return tokenizer.encode(tokenizer.applyChatTemplate(conversation, true), false);
    }

    /**
     * @return a pair as tokens with its answer tokens as targets
     * @throws IllegalArgumentException if the template fails or renders the answer in a way that does not extend
     *                                  the generation prompt
     */
    public TokenExample pair(PromptAnswer pair) {
        if (!hasTemplate()) {
            int[] prompt = tokenizer.encode(pair.prompt(), true);
            int[] answer = tokenizer.encode(pair.answer(), false);
            if (eosId >= 0) {
                answer = java.util.Arrays.copyOf(answer, answer.length + 1);
                answer[answer.length - 1] = eosId;
            }
            return TokenExample.answerOnly(prompt, answer);
        }
        List<ChatMessage> user = List.of(ChatMessage.user(pair.prompt()));
        String prefix = tokenizer.applyChatTemplate(user, true);
        String full = tokenizer.applyChatTemplate(List.of(ChatMessage.user(pair.prompt()),
                ChatMessage.assistant(pair.answer())), false);
        if (!full.startsWith(prefix)) {
            throw new IllegalArgumentException("chat template from " + tokenizer.chatTemplate().get().origin()
                    + " renders (user, assistant) as text that does not start with its rendering of the user turn"
                    + " plus the generation prompt, so answer tokens cannot be located; prompt: "
                    + abbreviate(pair.prompt()));
        }
        return TokenExample.answerOnly(tokenizer.encode(prefix, false),
                tokenizer.encode(full.substring(prefix.length()), false));
    }

    /** @return a raw prompt tokenized with the tokenizer's special tokens (no template) */
    public int[] rawPrompt(String text) {
        return tokenizer.encode(text, true);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
    }
}
