package org.safemerge.search;

import java.awt.Color;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.Recipe;
import org.safemerge.notebook.HtmlTable;
import org.safemerge.notebook.Plots;
import org.safemerge.notebook.Renderable;
import org.safemerge.notebook.ScorePoint;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a search found: every candidate it evaluated (a table), the best one's recipe and merged weights, the
 * strategy's own logs (e.g. AdaMerging's loss per step, LM-Cocktail's pool losses and weights) and plots. Shows
 * itself in a notebook (summary, table, and the alignment-vs-accuracy scatter when an evaluator gave numbers, else
 * the objective per evaluation) and saves itself as CSV, PNG and YAML ({@link #save}).
 *
 * <p>Table columns: {@code candidate} (1-based), {@code parameters}, {@code l_safety}, {@code l_expert},
 * {@code objective}, {@code best_objective} (running minimum), {@code alignment}, {@code domain_acc} (empty without
 * an evaluator), then any extra metrics the evaluator reported.
 */
public final class SearchResult implements Renderable {
    /** Above this many candidates the scatter labels only the Pareto front and the best. */
    private static final int LABEL_ALL_UP_TO = 12;

    private final String strategy;
    private final String description;
    private final DataMix mix;
    private final Selection selection;
    private final List<Candidate> candidates;
    private final int best;
    private final TensorSet bestWeights;
    private final Map<String, Table> logs;
    private final Map<String, Chart<?, ?>> charts;

    SearchResult(String strategy, String description, DataMix mix, Selection selection, List<Candidate> candidates,
                 int best, TensorSet bestWeights, Map<String, Table> logs, Map<String, Chart<?, ?>> charts) {
        this.strategy = strategy;
        this.description = description;
        this.mix = mix;
        this.selection = selection;
        this.candidates = List.copyOf(candidates);
        this.best = best;
        this.bestWeights = bestWeights;
        this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(logs));
        this.charts = Collections.unmodifiableMap(new LinkedHashMap<>(charts));
    }

    /** @return the strategy: {@code grid}, {@code lm-cocktail}, {@code evomm} or {@code adamerging} */
    public String strategy() {
        return strategy;
    }

    /** @return what was searched and with which objective, in one line */
    public String description() {
        return description;
    }

    /** @return the data the objective used */
    public DataMix mix() {
        return mix;
    }

    /** @return how the best candidate was picked */
    public Selection selection() {
        return selection;
    }

    /** @return every candidate, in evaluation order */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** @return the best candidate */
    public Candidate best() {
        return candidates.get(best);
    }

    /** @return the best candidate's recipe (mergekit YAML with {@link Recipe#toYaml()}) */
    public Recipe bestRecipe() {
        return best().recipe();
    }

    /** @return the best candidate's merged weights (in memory, rounded to the recipe's dtype) */
    public TensorSet bestWeights() {
        return bestWeights;
    }

    /** @return the objective of every evaluation, in order */
    public double[] objectives() {
        return candidates.stream().mapToDouble(c -> c.score().value()).toArray();
    }

    /** @return the strategy's own tables by name (file name without {@code .csv} in {@link #save}) */
    public Map<String, Table> logs() {
        return logs;
    }

    /** @return the strategy's own charts by name (file name without {@code .png} in {@link #save}) */
    public Map<String, Chart<?, ?>> charts() {
        return charts;
    }

    /** @return true if an evaluator measured the candidates */
    public boolean hasMetrics() {
        return candidates.stream().anyMatch(c -> c.metrics() != null);
    }

    // ------------------------------------------------------------------------------------------- table

    /** @return every candidate as a row (see the class comment for the columns) */
    public Table table() {
        IntColumn index = IntColumn.create("candidate");
        StringColumn params = StringColumn.create("parameters");
        DoubleColumn ls = DoubleColumn.create("l_safety");
        DoubleColumn le = DoubleColumn.create("l_expert");
        DoubleColumn obj = DoubleColumn.create("objective");
        DoubleColumn bestSoFar = DoubleColumn.create("best_objective");
        DoubleColumn align = DoubleColumn.create("alignment");
        DoubleColumn acc = DoubleColumn.create("domain_acc");
        Set<String> extraNames = new LinkedHashSet<>();
        candidates.forEach(c -> {
            if (c.metrics() != null) {
                extraNames.addAll(c.metrics().extra().keySet());
            }
        });
        Map<String, DoubleColumn> extras = new LinkedHashMap<>();
        extraNames.forEach(n -> extras.put(n, DoubleColumn.create(n)));
        double running = Double.POSITIVE_INFINITY;
        for (Candidate c : candidates) {
            index.append(c.index());
            params.append(c.label());
            appendOrMissing(ls, c.score().safetyLoss());
            appendOrMissing(le, c.score().expertLoss());
            appendOrMissing(obj, c.score().value());
            if (c.score().value() < running) {
                running = c.score().value();
            }
            appendOrMissing(bestSoFar, running);
            appendOrMissing(align, c.alignment());
            appendOrMissing(acc, c.domainAccuracy());
            for (Map.Entry<String, DoubleColumn> e : extras.entrySet()) {
                Double v = c.metrics() == null ? null : c.metrics().extra().get(e.getKey());
                appendOrMissing(e.getValue(), v == null ? Double.NaN : v);
            }
        }
        Table t = Table.create(strategy + " candidates", index, params, ls, le, obj, bestSoFar, align, acc);
        extras.values().forEach(t::addColumns);
        return t;
    }

    private static void appendOrMissing(DoubleColumn c, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            c.appendMissing();
        } else {
            c.append(v);
        }
    }

    // ------------------------------------------------------------------------------------------- charts

    /** @return the best objective so far per evaluation */
    public XYChart objectiveChart() {
        Map<String, double[]> runs = new LinkedHashMap<>();
        runs.put(strategy + " (" + mix.label() + ")", objectives());
        return Plots.objectivePerEvaluation(runs);
    }

    /**
     * @return alignment against domain accuracy for every measured candidate with the Pareto front dashed and the
     *     best ringed, or empty when no evaluator gave numbers
     */
    public Optional<XYChart> paretoChart() {
        List<Candidate> measured = candidates.stream().filter(c -> c.metrics() != null).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        String title = strategy + " candidates (" + mix.label() + ")";
        if (measured.size() <= LABEL_ALL_UP_TO) {
            List<ScorePoint> points = new ArrayList<>();
            for (Candidate c : measured) {
                points.add(ScorePoint.merge((c.index() - 1 == best ? "best: " : "") + c.label(), c.alignment(),
                        c.domainAccuracy()));
            }
            return Optional.of(Plots.alignmentVsAccuracy(title, points));
        }
        // many candidates: one unlabelled cloud, the front and the best labelled
        XYChart chart = Plots.alignmentVsAccuracy(title, List.of());
        XYSeries cloud = chart.addSeries("candidates", measured.stream().mapToDouble(Candidate::alignment).toArray(),
                measured.stream().mapToDouble(Candidate::domainAccuracy).toArray());
        cloud.setMarker(SeriesMarkers.CIRCLE);
        cloud.setMarkerColor(new Color(150, 170, 200));
        List<ScorePoint> all = measured.stream()
                .map(c -> ScorePoint.merge("#" + c.index(), c.alignment(), c.domainAccuracy())).toList();
        List<ScorePoint> front = Plots.paretoFront(all);
        XYSeries f = chart.addSeries("Pareto front", front.stream().mapToDouble(ScorePoint::alignment).toArray(),
                front.stream().mapToDouble(ScorePoint::accuracy).toArray());
        f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        f.setMarker(SeriesMarkers.CIRCLE);
        f.setLineStyle(SeriesLines.DASH_DASH);
        f.setLineColor(Color.GRAY);
        f.setMarkerColor(Color.GRAY);
        Candidate b = best();
        if (b.metrics() != null) {
            XYSeries s = chart.addSeries("best: #" + b.index(), new double[] {b.alignment()},
                    new double[] {b.domainAccuracy()});
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(new Color(214, 39, 40));
        }
        return Optional.of(chart);
    }

    // ------------------------------------------------------------------------------------------- output

    /**
     * Writes {@code candidates.csv}, {@code objective.png}, {@code alignment-vs-accuracy.png} (when measured),
     * {@code best-recipe.yml} (model paths made absolute, so it runs from anywhere), and each log as
     * {@code NAME.csv} and chart as {@code NAME.png}, into {@code dir} (created if needed).
     *
     * @return the files written
     */
    public List<Path> save(Path dir) {
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            Path csv = dir.resolve("candidates.csv");
            table().write().csv(csv.toFile());
            out.add(csv);
            out.add(Plots.savePng(objectiveChart(), dir.resolve("objective.png")));
            paretoChart().ifPresent(c -> out.add(Plots.savePng(c, dir.resolve("alignment-vs-accuracy.png"))));
            Path yml = dir.resolve("best-recipe.yml");
            Files.writeString(yml, bestRecipe().withAbsoluteModelPaths().toYaml());
            out.add(yml);
            for (Map.Entry<String, Table> e : logs.entrySet()) {
                Path f = dir.resolve(e.getKey() + ".csv");
                e.getValue().write().csv(f.toFile());
                out.add(f);
            }
            for (Map.Entry<String, Chart<?, ?>> e : charts.entrySet()) {
                out.add(Plots.savePng(e.getValue(), dir.resolve(e.getKey() + ".png")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write search results to " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** @return the best candidate in one line: index, parameters, losses and metrics */
    public String summary() {
        Candidate b = best();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %d candidate%s; best #%d (%s): objective"
                        + " %.4f, L_safety %s, L_expert %.4f", strategy, candidates.size(),
                candidates.size() == 1 ? "" : "s", b.index(), b.label(), b.score().value(),
                Double.isNaN(b.score().safetyLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", b.score().safetyLoss()),
                b.score().expertLoss()));
        if (b.metrics() != null) {
            s.append(String.format(Locale.ROOT, ", alignment %.1f %%, domain accuracy %.1f %%", b.alignment(),
                    b.domainAccuracy()));
        }
        return s.toString();
    }

    @Override
    public String toText() {
        return summary() + "\n" + description + "\n" + HtmlTable.text(table());
    }

    @Override
    public String toHtml() {
        return "<p><b>" + HtmlTable.escape(summary()) + "</b><br>" + HtmlTable.escape(description) + "</p>\n"
                + HtmlTable.of(table());
    }

    @Override
    public RenderedImage toImage() {
        return Plots.image(paretoChart().orElseGet(this::objectiveChart));
    }

    @Override
    public String toString() {
        return summary();
    }
}
