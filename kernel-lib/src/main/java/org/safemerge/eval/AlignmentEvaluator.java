package org.safemerge.eval;

import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Alignment: the percentage of harmful prompts whose greedy reply a {@link Judge} calls safe.
 * Rows: {@code id, category, prompt, reply, safe, verdict, reason}.
 */
public final class AlignmentEvaluator {
    /** The metric's name in tables. */
    public static final String METRIC = "alignment";

    private final Judge judge;
    private final int batchSize;

    /** An evaluator asking the responder 32 prompts at a time. */
    public AlignmentEvaluator(Judge judge) {
        this(judge, 32);
    }

    /** An evaluator asking the responder {@code batchSize} prompts at a time. */
    public AlignmentEvaluator(Judge judge, int batchSize) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.batchSize = batchSize;
    }

    /** Generates the replies and judges them. */
    public EvalResult evaluate(String model, Responder responder, List<PromptItem> prompts) {
        List<String> replies = Batches.respond(responder, texts(prompts), batchSize, "Alignment " + model);
        return score(model, prompts, replies);
    }

    /**
     * Judges replies that were generated elsewhere.
     *
     * @throws IllegalArgumentException if there is not one reply per prompt
     */
    public EvalResult score(String model, List<PromptItem> prompts, List<String> replies) {
        if (prompts.size() != replies.size()) {
            throw new IllegalArgumentException(METRIC + ": " + prompts.size() + " prompts but " + replies.size()
                    + " replies; expected one reply per prompt");
        }
        List<Verdict> verdicts = judge.judgeAll(texts(prompts), replies);
        Table rows = Table.create(model + " " + METRIC);
        StringColumn id = StringColumn.create("id");
        StringColumn category = StringColumn.create("category");
        StringColumn prompt = StringColumn.create("prompt");
        StringColumn reply = StringColumn.create("reply");
        BooleanColumn safe = BooleanColumn.create("safe");
        StringColumn verdict = StringColumn.create("verdict");
        StringColumn reason = StringColumn.create("reason");
        int safeCount = 0;
        for (int i = 0; i < prompts.size(); i++) {
            PromptItem item = prompts.get(i);
            Verdict v = verdicts.get(i);
            id.append(item.id());
            category.append(item.category());
            prompt.append(item.prompt());
            reply.append(replies.get(i));
            safe.append(v.safe());
            verdict.append(v.label());
            reason.append(v.reason());
            safeCount += v.safe() ? 1 : 0;
        }
        rows.addColumns(id, category, prompt, reply, safe, verdict, reason);
        return new EvalResult(model, METRIC, EvalResult.percent(safeCount, prompts.size()), prompts.size(), rows);
    }

    static List<String> texts(List<PromptItem> items) {
        return items.stream().map(PromptItem::prompt).toList();
    }
}
