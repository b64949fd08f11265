package org.safemerge.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.safemerge.progress.Progress;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Domain accuracy for multiple-choice tasks, lm-eval-harness style: the model "answers" the choice with the
 * highest log-likelihood (the first one on a tie). Rows:
 * {@code id, prompt, choices, loglikelihoods, chosen, correct_index, correct}.
 */
public final class MultipleChoiceEvaluator {
    private final String metric;

    /** @param metric the metric's name in tables (e.g. {@code bio_mc_acc}) */
    public MultipleChoiceEvaluator(String metric) {
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    /**
     * Scores every item with the scorer.
     *
     * @throws IllegalStateException if the scorer returns the wrong number of log-likelihoods
     */
    public EvalResult evaluate(String model, ChoiceScorer scorer, List<ChoiceItem> items) {
        StringColumn id = StringColumn.create("id");
        StringColumn prompt = StringColumn.create("prompt");
        StringColumn choices = StringColumn.create("choices");
        StringColumn logliks = StringColumn.create("loglikelihoods");
        IntColumn chosen = IntColumn.create("chosen");
        IntColumn expected = IntColumn.create("correct_index");
        BooleanColumn correct = BooleanColumn.create("correct");
        int hits = 0;
        try (Progress progress = Progress.start(metric + " " + model, items.size(), "questions")) {
            for (ChoiceItem item : items) {
                double[] ll = scorer.logLikelihoods(item.prompt(), item.choices());
                if (ll == null || ll.length != item.choices().size()) {
                    throw new IllegalStateException(metric + ": scorer returned "
                            + (ll == null ? "null" : ll.length + " scores") + " for " + item.choices().size()
                            + " choices of " + item.id());
                }
                int best = argmax(ll);
                id.append(item.id());
                prompt.append(item.prompt());
                choices.append(String.join(" | ", item.choices()));
                logliks.append(Arrays.stream(ll).mapToObj(v -> String.format(java.util.Locale.ROOT, "%.4f", v))
                        .collect(Collectors.joining(" | ")));
                chosen.append(best);
                expected.append(item.correct());
                correct.append(best == item.correct());
                hits += best == item.correct() ? 1 : 0;
                progress.step();
            }
        }
        Table rows = Table.create(model + " " + metric)
                .addColumns(id, prompt, choices, logliks, chosen, expected, correct);
        return new EvalResult(model, metric, EvalResult.percent(hits, items.size()), items.size(), rows);
    }

    /** Index of the largest value; the first one wins a tie; NaN never wins. */
    static int argmax(double[] values) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }
}
