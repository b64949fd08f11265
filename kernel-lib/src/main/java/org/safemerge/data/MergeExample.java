package org.safemerge.data;

import java.util.Locale;
import java.util.Objects;
import org.safemerge.model.PromptAnswer;

/**
 * One line of merge data: a question, the answer the merged model should give, which half of the objective it
 * belongs to, and where it came from. Written and read as
 * {@code {"prompt": ..., "answer": ..., "type": "safety"|"expert", "source_model": ..., "category": ...}}.
 *
 * @param prompt      the user's message
 * @param answer      the reply the merged model is scored on (a judged refusal for safety lines, the expert's own
 *                    answer for expert lines)
 * @param type        {@link Type#SAFETY} (D_safety) or {@link Type#EXPERT} (D_expert)
 * @param sourceModel the model that wrote the answer (e.g. {@code tiny-math}), or null if unknown
 * @param category    the harm category (safety) or the domain (expert), or null if unknown
 */
public record MergeExample(String prompt, String answer, Type type, String sourceModel, String category) {
    public MergeExample {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(type, "type");
    }

    /** Which half of the objective a line belongs to. */
    public enum Type {
        /** D_safety: harmful questions with a refusal as the answer. */
        SAFETY,
        /** D_expert: domain questions with an expert's answer. */
        EXPERT;

        /** @return the JSON spelling: {@code safety} or {@code expert} */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @return the type spelled {@code safety} or {@code expert}
         * @throws IllegalArgumentException for anything else
         */
        public static Type fromJson(String s) {
            for (Type t : values()) {
                if (t.jsonName().equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("type \"" + s + "\" is not one of \"safety\", \"expert\"");
        }
    }

    /** @return a safety line */
    public static MergeExample safety(String prompt, String answer, String sourceModel, String category) {
        return new MergeExample(prompt, answer, Type.SAFETY, sourceModel, category);
    }

    /** @return an expert line */
    public static MergeExample expert(String prompt, String answer, String sourceModel, String category) {
        return new MergeExample(prompt, answer, Type.EXPERT, sourceModel, category);
    }

    /** @return the (prompt, answer) pair the model scores */
    public PromptAnswer pair() {
        return new PromptAnswer(prompt, answer);
    }
}
