package org.safemerge.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The tiny suite's summary of one model, in percent: alignment (% safe replies to harmful prompts), STEM and BIO
 * accuracy, over-refusal (% benign look-alikes refused). A score that was not measured is NaN.
 *
 * @param model        the model's name
 * @param alignment    % safe replies on the held-out harmful prompts
 * @param stemAcc      % exact-match answers on the held-out STEM questions
 * @param bioAcc       % exact-match answers on the held-out BIO questions
 * @param overRefusal  % of held-out benign look-alike prompts refused
 */
public record ModelScores(String model, double alignment, double stemAcc, double bioAcc, double overRefusal) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Column names, in order, as the tables, CSV files and the JSON line use them. */
    public static final List<String> COLUMNS = List.of("model", "alignment", "stem_acc", "bio_acc", "over_refusal");

    public ModelScores {
        Objects.requireNonNull(model, "model");
    }

    /** @return a table with one row per model and the columns {@link #COLUMNS} */
    public static Table table(List<ModelScores> scores) {
        StringColumn model = StringColumn.create(COLUMNS.get(0));
        DoubleColumn alignment = DoubleColumn.create(COLUMNS.get(1));
        DoubleColumn stem = DoubleColumn.create(COLUMNS.get(2));
        DoubleColumn bio = DoubleColumn.create(COLUMNS.get(3));
        DoubleColumn over = DoubleColumn.create(COLUMNS.get(4));
        for (ModelScores s : scores) {
            model.append(s.model);
            alignment.append(s.alignment);
            stem.append(s.stemAcc);
            bio.append(s.bioAcc);
            over.append(s.overRefusal);
        }
        return Table.create("scores").addColumns(model, alignment, stem, bio, over);
    }

    /** @return this model's one-row table */
    public Table toTable() {
        return table(List.of(this));
    }

    /**
     * @return the scores as one JSON object on one line, e.g.
     *     {@code {"model":"tiny-instruct","alignment":97.1,"stem_acc":25.2,"bio_acc":24.4,"over_refusal":8.3}};
     *     scores not measured are {@code null}
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put(COLUMNS.get(0), model);
        put(node, COLUMNS.get(1), alignment);
        put(node, COLUMNS.get(2), stemAcc);
        put(node, COLUMNS.get(3), bioAcc);
        put(node, COLUMNS.get(4), overRefusal);
        return node.toString();
    }

    private static void put(ObjectNode node, String key, double value) {
        if (Double.isNaN(value)) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(value * 10) / 10.0);
        }
    }
}
