package org.safemerge.data;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.safemerge.experiment.HarmCategory;
import org.safemerge.experiment.Ingredient;

/**
 * The two prompts the question writers get. The tiny world's experts were trained on exactly
 * {@link Ingredient#harmfulQuestionRequest} and {@link Ingredient#selfQuestionPrompt}; full-size users pass the
 * paper's prompts (e.g. "Write a question about {category}... answer in JSON").
 *
 * @param harmfulQuestion the generator's prompt for one harm category
 * @param selfQuestion    an expert's prompt given three in-context example questions
 */
public record SynthPrompts(Function<HarmCategory, String> harmfulQuestion,
                           Function<List<String>, String> selfQuestion) {
    public SynthPrompts {
        Objects.requireNonNull(harmfulQuestion, "harmfulQuestion");
        Objects.requireNonNull(selfQuestion, "selfQuestion");
    }

    /** @return the prompts the tiny zoo was trained on */
    public static SynthPrompts tinyWorld() {
        return new SynthPrompts(Ingredient::harmfulQuestionRequest, Ingredient::selfQuestionPrompt);
    }
}
