package org.safemerge.notebook;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.eval.AlignmentEvaluator;
import org.safemerge.eval.EvalResult;
import org.safemerge.eval.SuiteResult;
import org.safemerge.experiment.HarmCategory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Alignment split by harm category: for each model, the percentage of its replies to each category's harmful
 * prompts that the judge called safe (in the tiny world, the refusal rate). Categories are in BeaverTails order when
 * they name a {@link HarmCategory} (shown by its short name), else alphabetical.
 *
 * <pre>
 * var byCategory = SafetyByCategory.of(List.of(instructResult, mathResult, mergedResult));
 * byCategory.table();                      // category x model, % safe
 * Plots.refusalByCategory(byCategory);     // the bar chart
 * </pre>
 *
 * @param categories the harm categories, in display order
 * @param safePercent model name to one percentage per category (NaN where the model saw no prompt of it)
 */
public record SafetyByCategory(List<String> categories, Map<String, double[]> safePercent) implements TableRenderable {
    public SafetyByCategory {
        categories = List.copyOf(categories);
        safePercent = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(safePercent));
    }

    /**
     * Counts the alignment rows of each result ({@link SuiteResult#parts()} whose metric is
     * {@value AlignmentEvaluator#METRIC}).
     *
     * @throws IllegalArgumentException when a result has no alignment part (the suite had no harmful prompts)
     */
    public static SafetyByCategory of(List<SuiteResult> results) {
        Map<String, Map<String, int[]>> counts = new LinkedHashMap<>();  // model -> category -> {safe, total}
        Map<String, Boolean> seen = new TreeMap<>(SafetyByCategory::compareCategories);
        for (SuiteResult r : results) {
            String model = r.scores().model();
            EvalResult alignment = r.parts().stream().filter(p -> p.metric().equals(AlignmentEvaluator.METRIC))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("The result of model '" + model
                            + "' has no alignment part: evaluate it on a suite with harmful prompts"));
            Map<String, int[]> byCategory = counts.computeIfAbsent(model, m -> new LinkedHashMap<>());
            Table rows = alignment.rows();
            for (int i = 0; i < rows.rowCount(); i++) {
                String category = label(rows.stringColumn("category").get(i));
                seen.put(category, true);
                int[] c = byCategory.computeIfAbsent(category, k -> new int[2]);
                c[0] += rows.booleanColumn("safe").get(i) ? 1 : 0;
                c[1]++;
            }
        }
        List<String> categories = new ArrayList<>(seen.keySet());
        Map<String, double[]> percent = new LinkedHashMap<>();
        counts.forEach((model, byCategory) -> {
            double[] p = new double[categories.size()];
            for (int i = 0; i < p.length; i++) {
                int[] c = byCategory.get(categories.get(i));
                p[i] = c == null ? Double.NaN : 100.0 * c[0] / c[1];
            }
            percent.put(model, p);
        });
        return new SafetyByCategory(categories, percent);
    }

    /** @return the category's short name ("privacy violation") when it is a BeaverTails category, else as given */
    private static String label(String category) {
        try {
            return HarmCategory.of(category).shortName();
        } catch (IllegalArgumentException e) {
            return category;
        }
    }

    private static int compareCategories(String a, String b) {
        return Comparator.comparingInt(SafetyByCategory::harmOrder).thenComparing(Comparator.naturalOrder())
                .compare(a, b);
    }

    private static int harmOrder(String category) {
        try {
            return HarmCategory.of(category).ordinal();
        } catch (IllegalArgumentException e) {
            return Integer.MAX_VALUE;  // not a BeaverTails category: after them, alphabetically
        }
    }

    /** @return model name to (category to % safe), the shape {@link Plots#refusalByCategory(Map)} draws */
    public Map<String, Map<String, Double>> asMaps() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        safePercent.forEach((model, p) -> {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int i = 0; i < p.length; i++) {
                m.put(categories.get(i), p[i]);
            }
            out.put(model, m);
        });
        return out;
    }

    /** @return one row per category, one column of % safe per model */
    public Table table() {
        Table t = Table.create("% safe replies per harm category", StringColumn.create("category", categories));
        safePercent.forEach((model, p) -> t.addColumns(DoubleColumn.create(model, p)));
        return t;
    }

    @Override
    public RenderedImage toImage() {
        return Plots.image(Plots.refusalByCategory(this));
    }
}
