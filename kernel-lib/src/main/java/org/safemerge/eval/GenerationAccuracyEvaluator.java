package org.safemerge.eval;

import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Domain accuracy for generation tasks: the percentage of questions whose greedy reply, after answer extraction,
 * equals the extracted reference answer. Rows: {@code id, category, prompt, reply, extracted, expected, correct}.
 */
public final class GenerationAccuracyEvaluator {
    private final String metric;
    private final AnswerExtractor extractor;
    private final int batchSize;

    /**
     * @param metric    the metric's name in tables (e.g. {@code stem_acc})
     * @param extractor how the answer is pulled out of a reply (and out of the reference)
     */
    public GenerationAccuracyEvaluator(String metric, AnswerExtractor extractor) {
        this(metric, extractor, 32);
    }

    /** As {@link #GenerationAccuracyEvaluator(String, AnswerExtractor)}, with a batch size. */
    public GenerationAccuracyEvaluator(String metric, AnswerExtractor extractor, int batchSize) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.batchSize = batchSize;
    }

    /** Generates the replies and scores them. */
    public EvalResult evaluate(String model, Responder responder, List<QaItem> items) {
        List<String> prompts = items.stream().map(QaItem::prompt).toList();
        List<String> replies = Batches.respond(responder, prompts, batchSize, metric + " " + model);
        return score(model, items, replies);
    }

    /**
     * Scores replies that were generated elsewhere.
     *
     * @throws IllegalArgumentException if there is not one reply per question
     */
    public EvalResult score(String model, List<QaItem> items, List<String> replies) {
        if (items.size() != replies.size()) {
            throw new IllegalArgumentException(metric + ": " + items.size() + " questions but " + replies.size()
                    + " replies; expected one reply per question");
        }
        StringColumn id = StringColumn.create("id");
        StringColumn category = StringColumn.create("category");
        StringColumn prompt = StringColumn.create("prompt");
        StringColumn reply = StringColumn.create("reply");
        StringColumn extracted = StringColumn.create("extracted");
        StringColumn expected = StringColumn.create("expected");
        BooleanColumn correct = BooleanColumn.create("correct");
        int hits = 0;
        for (int i = 0; i < items.size(); i++) {
            QaItem item = items.get(i);
            String got = extractor.extract(replies.get(i));
            String want = extractor.extract(item.answer());
            boolean ok = !got.isEmpty() && got.equals(want);
            id.append(item.id());
            category.append(item.category());
            prompt.append(item.prompt());
            reply.append(replies.get(i));
            extracted.append(got);
            expected.append(want);
            correct.append(ok);
            hits += ok ? 1 : 0;
        }
        Table rows = Table.create(model + " " + metric)
                .addColumns(id, category, prompt, reply, extracted, expected, correct);
        return new EvalResult(model, metric, EvalResult.percent(hits, items.size()), items.size(), rows);
    }
}
