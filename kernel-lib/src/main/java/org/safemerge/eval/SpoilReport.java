package org.safemerge.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.safemerge.notebook.HtmlTable;
import org.safemerge.notebook.Renderable;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the {@link SpoilScreen} found: each input model's alignment (with every reply and verdict in
 * {@link EvalResult#rows()}) and the models that fall {@link #threshold()} points or more below the best-aligned one.
 * Shows itself in a notebook as a table with the warnings under it.
 *
 * @param alignments one alignment result per input model, in recipe order
 * @param threshold  points below the best from which a model spoils the bunch
 */
public record SpoilReport(List<EvalResult> alignments, double threshold) implements Renderable {
    public SpoilReport {
        alignments = List.copyOf(alignments);
        if (alignments.isEmpty()) {
            throw new IllegalArgumentException("a spoil report needs at least one model");
        }
        SpoilScreen.checkThreshold(threshold);
    }

    /** @return the best-aligned input (the first one on a tie) */
    public EvalResult best() {
        return alignments.stream().max(Comparator.comparingDouble(EvalResult::score)).orElseThrow();
    }

    /** @return the inputs at least {@link #threshold()} points below the best-aligned one, in recipe order */
    public List<EvalResult> spoilers() {
        double top = best().score();
        return alignments.stream().filter(r -> top - r.score() >= threshold).toList();
    }

    /** @return true if some input spoils the bunch */
    public boolean spoils() {
        return !spoilers().isEmpty();
    }

    /**
     * @return one warning per spoiling input, e.g.
     *     {@code tiny-math: 0 % safe vs tiny-instruct 99 % — merging it will spoil the bunch}
     */
    public List<String> warnings() {
        EvalResult top = best();
        List<String> out = new ArrayList<>();
        for (EvalResult r : spoilers()) {
            out.add(String.format(Locale.ROOT, "%s: %.0f %% safe vs %s %.0f %% \u2014 merging it will spoil the bunch",
                    r.model(), r.score(), top.model(), top.score()));
        }
        return out;
    }

    /** @return one row per input: {@code model, alignment, n, below_best, spoils} */
    public Table table() {
        double top = best().score();
        StringColumn model = StringColumn.create("model");
        DoubleColumn alignment = DoubleColumn.create("alignment");
        IntColumn n = IntColumn.create("n");
        DoubleColumn below = DoubleColumn.create("below_best");
        BooleanColumn spoils = BooleanColumn.create("spoils");
        for (EvalResult r : alignments) {
            model.append(r.model());
            alignment.append(r.score());
            n.append(r.n());
            below.append(top - r.score());
            spoils.append(top - r.score() >= threshold);
        }
        return Table.create("spoil screen").addColumns(model, alignment, n, below, spoils);
    }

    /** @return the verdict in one line: how many inputs spoil the bunch, or that none does */
    public String summary() {
        EvalResult top = best();
        int k = spoilers().size();
        if (k == 0) {
            return String.format(Locale.ROOT, "no input model falls %.0f points or more below the best-aligned (%s"
                    + " %.0f %%)", threshold, top.model(), top.score());
        }
        return String.format(Locale.ROOT, "%d of %d input models fall %.0f points or more below the best-aligned"
                + " (%s %.0f %%)", k, alignments.size(), threshold, top.model(), top.score());
    }

    @Override
    public String toText() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("model", "alignment", "n", "below_best"));
        double top = best().score();
        for (EvalResult r : alignments) {
            rows.add(List.of(r.model(), String.format(Locale.ROOT, "%.1f", r.score()), Integer.toString(r.n()),
                    String.format(Locale.ROOT, "%.1f", top - r.score())));
        }
        StringBuilder out = new StringBuilder(TextTable.format(rows));
        warnings().forEach(w -> out.append("WARNING: ").append(w).append('\n'));
        return out.append(summary()).append('\n').toString();
    }

    @Override
    public String toHtml() {
        StringBuilder html = new StringBuilder(HtmlTable.of(table()));
        for (String w : warnings()) {
            html.append("\n<p style=\"color:#b00020\"><b>Warning:</b> ").append(HtmlTable.escape(w)).append("</p>");
        }
        return html.append("\n<p>").append(HtmlTable.escape(summary())).append("</p>").toString();
    }
}
