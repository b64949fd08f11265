package org.safemerge.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What one evaluator measured on one model.
 *
 * @param model  the model's name
 * @param metric the metric's name ({@code alignment}, {@code stem_acc}, {@code bio_acc}, {@code over_refusal}, ...)
 * @param score  the summary score in percent
 * @param n      the number of prompts scored
 * @param rows   one row per prompt: the prompt, the reply and how it was scored
 */
public record EvalResult(String model, String metric, double score, int n, Table rows) {
    public EvalResult {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(rows, "rows");
    }

    /** @return a one-row table {@code model, metric, score, n} */
    public Table summary() {
        return Table.create(metric + " summary").addColumns(
                StringColumn.create("model", model),
                StringColumn.create("metric", metric),
                DoubleColumn.create("score", new double[] {score}),
                IntColumn.create("n", new int[] {n}));
    }

    /** Writes the per-prompt rows as CSV (parent directories are created). */
    public void saveCsv(Path file) {
        write(rows, file);
    }

    static void write(Table table, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            table.write().csv(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Percentage of {@code hits} in {@code n}; NaN for an empty set. */
    static double percent(int hits, int n) {
        return n == 0 ? Double.NaN : 100.0 * hits / n;
    }
}
