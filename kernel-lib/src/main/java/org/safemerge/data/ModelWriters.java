package org.safemerge.data;

import org.safemerge.eval.Responder;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;

/** Adapts a loaded language model to the pipelines: sampled question writing and greedy answering. */
public final class ModelWriters {
    private ModelWriters() {
    }

    /** @return the model sampling one reply per prompt at the options' temperature (top-p off), seeded per call */
    public static QuestionWriter writer(LanguageModel model, SynthOptions o) {
        return (prompts, seed) -> model.chat(prompts,
                GenerationOptions.sampling(o.maxNewTokens(), o.temperature(), 1.0, seed));
    }

    /** @return the model answering greedily */
    public static Responder greedy(LanguageModel model, SynthOptions o) {
        GenerationOptions g = GenerationOptions.greedy(o.maxNewTokens());
        return prompts -> model.chat(prompts, g);
    }
}
