package org.safemerge.eval;

import java.util.List;
import java.util.Objects;

/**
 * The questions of one custom domain of a suite file (a {@code type} other than harmful, benign, stem and bio),
 * scored like STEM and BIO: exact match of the extracted answer, reported as {@code <name>_acc}.
 *
 * @param name      the domain's name (the lines' {@code type})
 * @param extractor {@code number} (the last number of the reply) or {@code text} (its first line)
 * @param items     the questions
 */
public record DomainSet(String name, String extractor, List<QaItem> items) {
    public DomainSet {
        Objects.requireNonNull(name, "name");
        AnswerExtractor.named(extractor);        // fails early for an unknown extractor name
        items = List.copyOf(items);
    }

    /** @return the metric's name, {@code <name>_acc} */
    public String metric() {
        return name + "_acc";
    }

    /** @return the accuracy of the responder's replies on this domain */
    public EvalResult evaluate(String model, Responder responder) {
        return new GenerationAccuracyEvaluator(metric(), AnswerExtractor.named(extractor)).evaluate(model, responder,
                items);
    }
}
