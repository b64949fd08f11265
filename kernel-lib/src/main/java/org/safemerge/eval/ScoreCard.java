package org.safemerge.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.safemerge.notebook.HtmlTable;
import org.safemerge.notebook.Renderable;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * One model's summary scores in percent, by metric name, in the order they were measured: the tiny suite's
 * {@code alignment, stem_acc, bio_acc, over_refusal} (the same numbers as {@link ModelScores}), plus
 * {@code <domain>_acc} for the custom domains of a suite file. What {@code safemerge eval} prints.
 *
 * @param model  the model's name
 * @param scores metric name to score in percent (NaN: measured on nothing)
 */
public record ScoreCard(String model, Map<String, Double> scores) implements Renderable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ScoreCard {
        Objects.requireNonNull(model, "model");
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }

    /** @return the scores of every part of a suite run, in the order they ran */
    public static ScoreCard of(SuiteResult result) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (EvalResult part : result.parts()) {
            scores.put(part.metric(), part.score());
        }
        return new ScoreCard(result.scores().model(), scores);
    }

    /** @return the four tiny-suite scores (all of them, NaN where not measured) */
    public static ScoreCard of(ModelScores s) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put(ModelScores.COLUMNS.get(1), s.alignment());
        scores.put(ModelScores.COLUMNS.get(2), s.stemAcc());
        scores.put(ModelScores.COLUMNS.get(3), s.bioAcc());
        scores.put(ModelScores.COLUMNS.get(4), s.overRefusal());
        return new ScoreCard(s.model(), scores);
    }

    /** @return the score of a metric, NaN if this card does not have it */
    public double score(String metric) {
        return scores.getOrDefault(metric, Double.NaN);
    }

    /**
     * @return the scores as one JSON object on one line: {@code model} first, then each metric rounded to one
     *     decimal ({@code null} for NaN); for the tiny suite exactly {@link ModelScores#toJson()}
     */
    public String toJson() {
        return node().toString();
    }

    /** @return several cards as one JSON object on one line: {@code {"models":[card, card, ...]}} */
    public static String toJson(List<ScoreCard> cards) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode models = root.putArray("models");
        cards.forEach(c -> models.add(c.node()));
        return root.toString();
    }

    private ObjectNode node() {
        ObjectNode node = JSON.createObjectNode();
        node.put(ModelScores.COLUMNS.getFirst(), model);
        scores.forEach((metric, value) -> {
            if (Double.isNaN(value)) {
                node.putNull(metric);
            } else {
                node.put(metric, Math.round(value * 10) / 10.0);
            }
        });
        return node;
    }

    /** @return the metric names of all cards, in first-seen order */
    public static List<String> metrics(List<ScoreCard> cards) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        cards.forEach(c -> names.addAll(c.scores.keySet()));
        return new ArrayList<>(names);
    }

    /** @return one row per card: {@code model} and every metric any card has (NaN where a card lacks it) */
    public static Table table(List<ScoreCard> cards) {
        Table t = Table.create("scores");
        StringColumn model = StringColumn.create(ModelScores.COLUMNS.getFirst());
        cards.forEach(c -> model.append(c.model));
        t.addColumns(model);
        for (String metric : metrics(cards)) {
            DoubleColumn col = DoubleColumn.create(metric);
            cards.forEach(c -> col.append(c.score(metric)));
            t.addColumns(col);
        }
        return t;
    }

    /**
     * @return the cards as an aligned plain-text table: a header line, one line per model, scores with one decimal,
     *     "-" for NaN
     */
    public static String text(List<ScoreCard> cards) {
        List<String> metrics = metrics(cards);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add(ModelScores.COLUMNS.getFirst());
        header.addAll(metrics);
        rows.add(header);
        for (ScoreCard c : cards) {
            List<String> row = new ArrayList<>();
            row.add(c.model);
            for (String m : metrics) {
                double v = c.score(m);
                row.add(Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v));
            }
            rows.add(row);
        }
        return TextTable.format(rows);
    }

    @Override
    public String toText() {
        return text(List.of(this));
    }

    @Override
    public String toHtml() {
        return HtmlTable.of(table(List.of(this)));
    }
}
