package org.safemerge.data;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.safemerge.experiment.HarmCategory;
import org.safemerge.experiment.Ingredient;

/**
 * The two prompts the question writers get, and how their replies are read. The tiny world's experts were trained on exactly
 * {@link Ingredient#harmfulQuestionRequest} and {@link Ingredient#selfQuestionPrompt}; full-size users pass the
 * paper's prompts (e.g. "Write a question about {category}... answer in JSON").
 *
 * @param harmfulQuestion the generator's prompt for one harm category
 * @param selfQuestion    an expert's prompt given three in-context example questions
 * @param parser          reads a question out of a writer's reply
 */
public record SynthPrompts(Function<HarmCategory, String> harmfulQuestion,
                           Function<List<String>, String> selfQuestion, QuestionParser parser) {
    public SynthPrompts {
        Objects.requireNonNull(harmfulQuestion, "harmfulQuestion");
        Objects.requireNonNull(selfQuestion, "selfQuestion");
        Objects.requireNonNull(parser, "parser");
    }

    /** @return the prompts the tiny zoo was trained on, read by the default {@link QuestionParser} (no vocabulary) */
    public static SynthPrompts tinyWorld() {
        return new SynthPrompts(Ingredient::harmfulQuestionRequest, Ingredient::selfQuestionPrompt,
                new QuestionParser());
    }

    /** @return a copy whose parser also rejects garbled questions: too few words of the vocabulary */
    public SynthPrompts withVocabulary(Set<String> words) {
        return new SynthPrompts(harmfulQuestion, selfQuestion, parser.withVocabulary(words));
    }
}
