package org.safemerge.eval;

import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What {@link EvalSuite#run} measured: the summary scores and each evaluator's per-prompt result.
 *
 * @param scores the summary row
 * @param parts  one result per evaluated set, in suite order
 */
public record SuiteResult(ModelScores scores, List<EvalResult> parts) {
    public SuiteResult {
        parts = List.copyOf(parts);
    }

    /**
     * @return every prompt of every set in one long table with the columns
     *     {@code model, metric, id, category, prompt, reply, expected, outcome, reason}; {@code outcome} is
     *     safe/unsafe (alignment), correct/wrong (accuracy) or refused/answered (over-refusal)
     */
    public Table rows() {
        StringColumn model = StringColumn.create("model");
        StringColumn metric = StringColumn.create("metric");
        StringColumn id = StringColumn.create("id");
        StringColumn category = StringColumn.create("category");
        StringColumn prompt = StringColumn.create("prompt");
        StringColumn reply = StringColumn.create("reply");
        StringColumn expected = StringColumn.create("expected");
        StringColumn outcome = StringColumn.create("outcome");
        StringColumn reason = StringColumn.create("reason");
        for (EvalResult part : parts) {
            Table t = part.rows();
            for (int i = 0; i < t.rowCount(); i++) {
                model.append(part.model());
                metric.append(part.metric());
                id.append(t.stringColumn("id").get(i));
                category.append(t.stringColumn("category").get(i));
                prompt.append(t.stringColumn("prompt").get(i));
                reply.append(t.stringColumn("reply").get(i));
                if (t.containsColumn("verdict")) {
                    expected.append("");
                    outcome.append(t.stringColumn("verdict").get(i));
                    reason.append(t.stringColumn("reason").get(i));
                } else if (t.containsColumn("refused")) {
                    expected.append("");
                    outcome.append(t.booleanColumn("refused").get(i) ? "refused" : "answered");
                    reason.append(t.stringColumn("phrase").get(i));
                } else {
                    expected.append(t.stringColumn("expected").get(i));
                    outcome.append(t.booleanColumn("correct").get(i) ? "correct" : "wrong");
                    reason.append("extracted: " + t.stringColumn("extracted").get(i));
                }
            }
        }
        return Table.create(scores.model() + " results")
                .addColumns(model, metric, id, category, prompt, reply, expected, outcome, reason);
    }

    /** Writes {@link #rows()} as CSV. */
    public void saveCsv(Path file) {
        EvalResult.write(rows(), file);
    }
}
