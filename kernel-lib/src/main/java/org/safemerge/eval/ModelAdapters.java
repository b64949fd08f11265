package org.safemerge.eval;

import java.util.Objects;
import org.safemerge.model.Generation;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;

/**
 * Adapts the runtime's {@link LanguageModel} to the evaluators' interfaces: greedy chat replies
 * ({@link Responder}), greedy raw continuations ({@link TextGenerator}, what a guard model reads) and choice
 * log-likelihoods ({@link ChoiceScorer}). The adapters hold the model, they do not own it: close it yourself.
 */
public final class ModelAdapters {
    private ModelAdapters() {
    }

    /**
     * @param model        a chat model (it needs a tokenizer and a chat template)
     * @param maxNewTokens the most tokens per reply
     * @return greedy replies to single-turn user prompts, batched as the runtime's batch size says
     */
    public static Responder responder(LanguageModel model, int maxNewTokens) {
        Objects.requireNonNull(model, "model");
        GenerationOptions greedy = GenerationOptions.greedy(maxNewTokens);
        return prompts -> model.chat(prompts, greedy);
    }

    /**
     * @param model        a model with a tokenizer; prompts are tokenized as they are (no chat template)
     * @param maxNewTokens the most tokens per continuation
     * @return greedy continuations of complete prompts
     */
    public static TextGenerator textGenerator(LanguageModel model, int maxNewTokens) {
        Objects.requireNonNull(model, "model");
        GenerationOptions greedy = GenerationOptions.greedy(maxNewTokens);
        return prompts -> model.generateText(prompts, greedy).stream().map(Generation::text).toList();
    }

    /** @return the summed log-likelihood of each choice as the assistant's answer to the user prompt */
    public static ChoiceScorer choiceScorer(LanguageModel model) {
        Objects.requireNonNull(model, "model");
        return (prompt, choices) -> model.choose(prompt, choices).logLikelihoods();
    }
}
