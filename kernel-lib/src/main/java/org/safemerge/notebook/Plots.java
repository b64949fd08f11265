package org.safemerge.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;
import org.safemerge.merge.method.Slerp;
import org.safemerge.tensor.FloatTensor;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * The project's chart factories: each returns an XChart chart styled the same way, ready to display in a notebook
 * ({@link #image}) or save as PNG ({@link #savePng}).
 *
 * <pre>
 * jshell&gt; var chart = Plots.alignmentVsAccuracy("instruct + math", List.of(
 *    ...&gt;     ScorePoint.parent("tiny-instruct", 96, 20), ScorePoint.parent("tiny-math", 31, 85),
 *    ...&gt;     ScorePoint.merge("TIES grid", 60, 78)));
 * jshell&gt; Plots.savePng(chart, Path.of("scatter.png"));
 * </pre>
 */
public final class Plots {
    /** Default chart size in pixels: readable inline in a notebook and in a README. */
    public static final int WIDTH = 720;
    public static final int HEIGHT = 460;
    /** Both axes of the alignment-vs-accuracy plot run from 0 to this, so labels near 100 % stay inside. */
    private static final double AXIS_MAX = 105.0;

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private Plots() {
    }

    // ---- alignment vs accuracy ----

    /**
     * Alignment (x) against domain accuracy (y): parents as labelled diamonds, merges as labelled circles, and the
     * Pareto front (no other point is better on both axes) as a dashed line.
     */
    public static XYChart alignmentVsAccuracy(String title, List<ScorePoint> points) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("alignment (% safe replies)").yAxisTitle("domain accuracy (%)").build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(AXIS_MAX).setYAxisMin(0.0).setYAxisMax(AXIS_MAX);
        List<ScorePoint> shown = coincident(points);
        double[][] at = new LabelLayout(shown, AXIS_MAX).placeAll(shown);
        for (int i = 0; i < shown.size(); i++) {
            ScorePoint p = shown.get(i);
            XYSeries s = chart.addSeries(unique(chart, p.label()), new double[] {p.alignment()},
                    new double[] {p.accuracy()});
            s.setMarker(p.parent() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[i % PALETTE.length]);
            chart.addAnnotation(new AnnotationText(p.label(), at[i][0], at[i][1], false));
            double[] leader = LabelLayout.leader(p, at[i]);
            if (leader != null) {
                XYSeries line = chart.addSeries(unique(chart, "label of " + p.label()),
                        new double[] {leader[0], leader[2]}, new double[] {leader[1], leader[3]});
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(Color.GRAY);
                line.setLineStyle(new java.awt.BasicStroke(0.8f));
                line.setShowInLegend(false);
            }
        }
        List<ScorePoint> front = paretoFront(shown);
        if (front.size() > 1) {
            XYSeries f = chart.addSeries("Pareto front", front.stream().mapToDouble(ScorePoint::alignment).toArray(),
                    front.stream().mapToDouble(ScorePoint::accuracy).toArray());
            f.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            f.setMarker(SeriesMarkers.NONE);
            f.setLineStyle(SeriesLines.DASH_DASH);
            f.setLineColor(Color.GRAY);
        }
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return chart;
    }

    /**
     * The same plot from a results table with columns {@code alignment} and {@code domain_acc} (percent); rows whose
     * {@code method} column is "parent" are drawn as parents. The label joins the given columns.
     */
    public static XYChart alignmentVsAccuracy(String title, Table results, String... labelColumns) {
        List<ScorePoint> points = new ArrayList<>();
        for (Row r : results) {
            StringBuilder label = new StringBuilder();
            for (String c : labelColumns) {
                String v = r.getObject(c).toString();
                if (!v.isBlank() && !v.equals("-")) {
                    label.append(label.isEmpty() ? "" : " ").append(v);
                }
            }
            boolean parent = results.columnNames().contains("method") && r.getString("method").equals("parent");
            points.add(new ScorePoint(label.toString(), r.getNumber("alignment"), r.getNumber("domain_acc"), parent));
        }
        return alignmentVsAccuracy(title, points);
    }

    /** Points closer than this on both axes are drawn as one, with one label naming them all. */
    static final double SAME_POINT = 0.05;

    /**
     * Joins points that lie on one another (within {@link #SAME_POINT} on both axes) into one point labelled
     * "a = b" (or "a = b = c", or "a = b = c + 2 more"), so that neither hides the other: a parent among them makes
     * the joint point a parent.
     *
     * @return one point per place, in the order of each place's first point
     */
    static List<ScorePoint> coincident(List<ScorePoint> points) {
        List<List<ScorePoint>> groups = new ArrayList<>();
        for (ScorePoint p : points) {
            List<ScorePoint> group = groups.stream().filter(g -> Math.abs(g.get(0).alignment() - p.alignment())
                    < SAME_POINT && Math.abs(g.get(0).accuracy() - p.accuracy()) < SAME_POINT).findFirst().orElse(null);
            if (group == null) {
                groups.add(new ArrayList<>(List.of(p)));
            } else {
                group.add(p);
            }
        }
        List<ScorePoint> joined = new ArrayList<>();
        for (List<ScorePoint> g : groups) {
            List<String> names = g.stream().map(ScorePoint::label).distinct().toList();
            String label = names.size() <= 3 ? String.join(" = ", names)
                    : String.join(" = ", names.subList(0, 3)) + " + " + (names.size() - 3) + " more";
            joined.add(new ScorePoint(label, g.get(0).alignment(), g.get(0).accuracy(),
                    g.stream().anyMatch(ScorePoint::parent)));
        }
        return joined;
    }

    /** @return the points no other point beats on both axes, sorted by alignment */
    public static List<ScorePoint> paretoFront(List<ScorePoint> points) {
        List<ScorePoint> front = new ArrayList<>();
        for (ScorePoint p : points) {
            boolean dominated = points.stream().anyMatch(q -> q != p && q.alignment() >= p.alignment()
                    && q.accuracy() >= p.accuracy() && (q.alignment() > p.alignment() || q.accuracy() > p.accuracy()));
            if (!dominated) {
                front.add(p);
            }
        }
        front.sort(Comparator.comparingDouble(ScorePoint::alignment));
        return front;
    }

    // ---- task vectors and sparsification ----

    /**
     * Per-layer task-vector statistics: one bar group per layer, one bar per expert (the L2 norm of its task vector in
     * that layer), for seeing where experts moved the base.
     *
     * @param layers      layer labels ("0", "1", ..., or "embed", "head")
     * @param normByModel expert name to one norm per layer
     */
    public static CategoryChart taskVectorNorms(List<String> layers, Map<String, double[]> normByModel) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Task-vector norm per layer").xAxisTitle("layer").yAxisTitle("||theta_expert - theta_base||")
                .build();
        style(chart);
        normByModel.forEach((name, norms) -> chart.addSeries(name, layers, toList(norms)));
        return chart;
    }

    /** The task-vector norms of {@link TaskVectorStats}, one bar group per layer group. */
    public static CategoryChart taskVectorNorms(TaskVectorStats stats) {
        return taskVectorNorms(stats.groups(), stats.norms());
    }

    /**
     * The sign conflicts of {@link TaskVectorStats}.
     *
     * @throws IllegalArgumentException when the statistics have fewer than two experts (no conflicts to count)
     */
    public static CategoryChart signConflicts(TaskVectorStats stats) {
        if (stats.norms().size() < 2) {
            throw new IllegalArgumentException("Sign conflicts need two or more experts, the statistics have "
                    + stats.norms().keySet());
        }
        CategoryChart chart = signConflicts(stats.groups(), stats.signConflicts());
        chart.setTitle("Sign conflicts between " + String.join(", ", stats.norms().keySet()));
        return chart;
    }

    /**
     * Sign conflicts between experts per layer: the fraction of entries where the experts' task vectors disagree in
     * sign (the entries TIES' election has to settle).
     */
    public static CategoryChart signConflicts(List<String> layers, double[] conflictFraction) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Sign conflicts between experts per layer").xAxisTitle("layer")
                .yAxisTitle("fraction of entries with conflicting signs").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("sign conflicts", layers, toList(conflictFraction));
        return chart;
    }

    /**
     * Histograms of a task vector before and after sparsification (zeros of the sparsified tensor excluded), on the
     * same bins, to show what trimming or dropping keeps and how rescaling stretches it.
     */
    public static XYChart sparsification(String title, float[] before, float[] after, int bins) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (float[] a : new float[][] {before, after}) {
            for (float v : a) {
                if (v != 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo >= hi) {
            lo = -1;
            hi = 1;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("value")
                .yAxisTitle("count (non-zero entries)").build();
        style(chart);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        double top = addHistogram(chart, "before (" + nonZero(before) + " non-zero)", before, lo, hi, bins,
                PALETTE[0]);
        addHistogram(chart, "after (" + nonZero(after) + " non-zero)", after, lo, hi, bins, PALETTE[1]);
        // entries dropped although larger than anything kept (Breadcrumbs' outliers): too few to see as bars in the
        // tails, so mark where the cut is and say how many went
        double kept = 0;
        for (float v : after) {
            kept = Math.max(kept, Math.abs(v));
        }
        int outliers = 0;
        int n = Math.min(before.length, after.length);
        for (int i = 0; i < n; i++) {
            outliers += before[i] != 0 && after[i] == 0 && Math.abs(before[i]) > kept ? 1 : 0;
        }
        if (outliers > 0 && kept > 0) {
            String name = String.format("outlier cut at ±%.3g: %d larger entries dropped", kept, outliers);
            XYSeries cut = chart.addSeries(name, new double[] {-kept, -kept, Double.NaN, kept, kept},
                    new double[] {0, top, Double.NaN, top, 0});
            cut.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            cut.setMarker(SeriesMarkers.NONE);
            cut.setLineStyle(SeriesLines.DASH_DASH);
            cut.setLineColor(PALETTE[3]);
        }
        return chart;
    }

    /** {@link #sparsification(String, float[], float[], int)} for tensors. */
    public static XYChart sparsification(String title, FloatTensor before, FloatTensor after, int bins) {
        return sparsification(title, before.data(), after.data(), bins);
    }

    /** @return the highest count */
    private static double addHistogram(XYChart chart, String name, float[] values, double lo, double hi, int bins,
                                       Color colour) {
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        for (float v : values) {
            if (v != 0) {
                counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
            }
        }
        double[] x = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = lo + (b + 0.5) * width;
        }
        XYSeries s = chart.addSeries(name, x, counts);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        // translucent fills so the overlapping histograms both stay visible
        s.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 110));
        s.setLineColor(colour);
        return java.util.Arrays.stream(counts).max().orElse(0);
    }

    /** A histogram of one tensor's values. */
    public static XYChart histogram(String title, float[] values, int bins) {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!(lo < hi)) {
            lo -= 1;
            hi += 1;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("value")
                .yAxisTitle("count").build();
        style(chart);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0.###");
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        for (float v : values) {
            counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
        }
        double[] x = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = lo + (b + 0.5) * width;
        }
        XYSeries s = chart.addSeries(title, x, counts);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea);
        return chart;
    }

    // ---- curves ----

    /**
     * Curves over an interpolation parameter, e.g. the norm of slerp vs linear merges over t, or a metric over t.
     *
     * @param xTitle the parameter's name ("t")
     * @param x      the parameter values
     * @param series curve name to one y value per x
     */
    public static XYChart curves(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart);
        series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE));
        return chart;
    }

    /**
     * Linear interpolation against SLERP between two tensors: the norm of {@code merge(a, b, t)} for t from 0 to 1.
     * Linear interpolation cuts the corner between two directions and loses norm in the middle (more the wider the
     * angle); SLERP travels along the arc and keeps it. SLERP's coefficients are mergekit's ({@link Slerp}: the angle
     * of the normalised tensors, linear above |cos| 0.9995), applied to the tensors as they are.
     *
     * @param steps the number of intervals (steps + 1 points)
     * @throws IllegalArgumentException when the shapes differ or steps &lt; 1
     */
    public static XYChart interpolationNorms(String title, FloatTensor a, FloatTensor b, int steps) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("Interpolation needs tensors of one shape, got " + a.shapeString()
                    + " and " + b.shapeString());
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        double cos = dot(a.data(), b.data()) / Math.max(1e-12, Math.sqrt(dot(a.data(), a.data())
                * dot(b.data(), b.data())));
        double[] t = new double[steps + 1];
        double[] linear = new double[steps + 1];
        double[] slerp = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            t[i] = (double) i / steps;
            linear[i] = norm(a.data(), b.data(), 1 - t[i], t[i]);
            double[] c = Slerp.coefficients(t[i], cos, 0.9995);
            slerp[i] = norm(a.data(), b.data(), c[0], c[1]);
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("linear", linear);
        series.put("slerp", slerp);
        XYChart chart = curves(title + String.format(" (angle %.0f°)", Math.toDegrees(Math.acos(
                Math.max(-1, Math.min(1, cos))))), "t", "||merge(a, b, t)||", t, series);
        return chart;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static double norm(float[] a, float[] b, double ca, double cb) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double v = ca * a[i] + cb * b[i];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * The best objective found so far, per merged-model evaluation, one line per search run (EvoMM on D_expert, on
     * D_expert + D_safety, ...). Values are the raw per-evaluation objectives; the running minimum is drawn. When the
     * runs' values span more than a factor of ten (an objective with L_safety starts near 5, one on D_expert alone
     * near 0.05, and the second would be a flat line on the first's axis), the y axis is logarithmic: every curve
     * keeps its real values and its shape.
     */
    public static XYChart objectivePerEvaluation(Map<String, double[]> objectivesByRun) {
        Map<String, double[]> best = new LinkedHashMap<>();
        objectivesByRun.forEach((name, values) -> {
            double[] b = new double[values.length];
            double m = Double.MAX_VALUE;
            for (int i = 0; i < values.length; i++) {
                m = Math.min(m, values[i]);
                b[i] = m;
            }
            best.put(name, b);
        });
        double lowest = best.values().stream().flatMapToDouble(java.util.Arrays::stream).min().orElse(0);
        double highest = best.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(0);
        boolean log = lowest > 0 && highest > 10 * lowest;
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Best objective per evaluation")
                .xAxisTitle("merged-model evaluations").yAxisTitle(log
                        ? "best objective so far (lower is better; log scale)"
                        : "best objective so far (lower is better)").build();
        style(chart);
        if (log) {
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setyAxisTickLabelsFormattingFunction(null); // XChart places custom-formatted ticks linearly
            // whole decades, so that the axis has labels (XChart labels only the powers of ten)
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))))
                    .setYAxisMax(Math.pow(10, Math.ceil(Math.log10(highest))));
        }
        best.forEach((name, b) -> {
            double[] x = new double[b.length];
            for (int i = 0; i < b.length; i++) {
                x[i] = i + 1;
            }
            XYSeries s = chart.addSeries(name, x, b);
            s.setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    // ---- safety per category ----

    /**
     * Refusal (or safe-reply) rate per harm category, one bar per model and category.
     *
     * @param rateByModel model name to (category to rate in percent), categories in display order
     */
    public static CategoryChart refusalByCategory(Map<String, Map<String, Double>> rateByModel) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 280).height(HEIGHT + 200)
                .title("Safe replies per harm category").xAxisTitle("category").yAxisTitle("% safe").build();
        style(chart);
        // upright labels centred under their own bar group (at 35 degrees a label's end sat under the next group)
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setXAxisLabelAlignmentVertical(org.knowm.xchart.style.AxesChartStyler.TextAlignment.Centre);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        boolean zero = rateByModel.values().stream().flatMap(m -> m.values().stream()).anyMatch(v -> v == 0);
        if (zero) {
            chart.setYAxisTitle("% safe (a thin stub marks 0 %)");
        }
        rateByModel.forEach((model, byCategory) -> chart.addSeries(model, byCategory.keySet().stream()
                .map(Plots::shortCategory).toList(),
                byCategory.values().stream().map(v -> v == 0 ? ZERO_STUB : v).toList()));
        return chart;
    }

    /** The height a 0 % bar is drawn at, so that a model with no safe reply in a category still shows a bar. */
    static final double ZERO_STUB = 0.8;

    /**
     * @return the category name, or for a name over 30 characters its leading comma-separated parts ending in ", ..."
     *     (XChart clips the far end of the longest upright labels)
     */
    static String shortCategory(String category) {
        if (category.length() <= 30) {
            return category;
        }
        int cut = category.lastIndexOf(", ", 27);
        return (cut > 0 ? category.substring(0, cut) : category.substring(0, 27)) + ", \u2026";
    }

    /** The per-category safe-reply rates of {@link SafetyByCategory}, one bar per model and category. */
    public static CategoryChart refusalByCategory(SafetyByCategory rates) {
        return refusalByCategory(rates.asMaps());
    }

    /**
     * A heat map, e.g. per-layer-group attribution: rows are what was changed (layer groups), columns what was
     * measured (alignment change, accuracy change), cell colour the value on one scale for all cells (so use it
     * only when every column has the same unit; {@link #heatMapByColumn} otherwise).
     */
    public static HeatMapChart heatMap(String title, List<String> columns, List<String> rows, double[][] values,
                                       String valueTitle) {
        HeatMapChart chart = new HeatMapChartBuilder().width(heatMapWidth(columns))
                .height(Math.max(HEIGHT, 120 + 45 * rows.size())).title(title).build();
        styleHeatMap(chart);
        double range = niceCeiling(maxAbs(values));   // a round legend: 60 rather than 59.6551724137931
        chart.getStyler().setMin(-range).setMax(range);
        chart.getStyler().setHeatMapValueDecimalPattern(valuePattern(values));
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                cells.add(new Number[] {c, r, values[r][c]});
            }
        }
        chart.addSeries(valueTitle, columns, rows, cells);
        return chart;
    }

    /**
     * A heat map whose columns measure different things (points of alignment, a loss times 100, ...): each column is
     * coloured on its own symmetric scale (a round number at least its largest |value|, written under the column
     * name as "±N"), and the cells print their values in the column's own unit. The colour bar runs from -100 to
     * 100 % of each column's scale, so a full colour means "as large as anything in this column", never "as large as
     * anything in the chart".
     */
    public static HeatMapChart heatMapByColumn(String title, List<String> columns, List<String> rows,
                                               double[][] values) {
        double[] scale = new double[columns.size()];
        List<String> named = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            double m = 1e-9;
            for (double[] row : values) {
                m = Math.max(m, Math.abs(row[c]));
            }
            scale[c] = niceCeiling(m);
            named.add(columns.get(c) + " (±" + new java.text.DecimalFormat("0.###").format(scale[c]) + ")");
        }
        ColumnHeatMap chart = new ColumnHeatMap(new HeatMapChartBuilder().width(heatMapWidth(named))
                .height(Math.max(HEIGHT, 120 + 45 * rows.size())).title(title)
                .xAxisTitle("colour: % of each column's own ±scale (under its name); numbers in the column's unit"),
                values, scale, valuePattern(values));
        styleHeatMap(chart);
        chart.getStyler().setMin(-100).setMax(100);
        chart.getStyler().setShowValue(false);   // ColumnHeatMap prints the values in their own units
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                cells.add(new Number[] {c, r, 100 * values[r][c] / scale[c]});
            }
        }
        chart.addSeries("colour: % of the column's ±scale", named, rows, cells);
        return chart;
    }

    /** A heat map coloured by one number per cell that prints another (the value in its own unit). */
    static final class ColumnHeatMap extends HeatMapChart {
        private final double[][] values;
        private final double[] scale;
        private final String pattern;

        ColumnHeatMap(HeatMapChartBuilder builder, double[][] values, double[] scale, String pattern) {
            super(builder);
            this.values = values;
            this.scale = scale;
            this.pattern = pattern;
        }

        @Override
        public void paint(java.awt.Graphics2D g, int width, int height) {
            super.paint(g, width, height);
            // the cells as XChart's PlotContent_HeatMap lays them out
            java.awt.geom.Rectangle2D b = plot.getBounds();
            double size = getStyler().getPlotContentSize();
            double xOffset = org.knowm.xchart.internal.Utils.getTickStartOffset(b.getWidth(), size * b.getWidth());
            double yOffset = org.knowm.xchart.internal.Utils.getTickStartOffset(b.getHeight(), size * b.getHeight());
            int nx = values.length == 0 ? 0 : values[0].length;
            int ny = values.length;
            double w = (b.getWidth() - 2 * xOffset) / nx;
            double h = (b.getHeight() - 2 * yOffset) / ny;
            java.text.DecimalFormat df = new java.text.DecimalFormat(pattern);
            Font font = getStyler().getValueFont();
            g.setFont(font);
            java.awt.FontMetrics fm = g.getFontMetrics();
            for (int r = 0; r < ny; r++) {
                for (int c = 0; c < nx; c++) {
                    String text = df.format(values[r][c]);
                    // white on the darkest cells, where black would hardly show
                    g.setColor(Math.abs(values[r][c]) > 0.6 * scale[c] ? Color.WHITE : getStyler().getValueFontColor());
                    double cx = b.getX() + xOffset + w * c + w / 2;
                    double cy = b.getY() + yOffset + h * (ny - 1 - r) + h / 2;
                    g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0),
                            (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
                }
            }
        }
    }

    private static int heatMapWidth(List<String> columns) {
        // wide enough that every column label fits under its column
        return Math.max(WIDTH, 160 + columns.size() * (16 + 8 * columns.stream().mapToInt(String::length).max()
                .orElse(0)));
    }

    private static void styleHeatMap(HeatMapChart chart) {
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)});
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    }

    /**
     * @return a decimal pattern with a leading zero and enough decimals for the values: one when the largest is 10 or
     *     more (97.9), else up to two (0.55, 0.05, -0.6), or three for values all below 0.1
     */
    static String valuePattern(double[][] values) {
        double m = maxAbs(values);
        return m >= 10 ? "0.0" : m >= 0.1 ? "0.0#" : "0.0##";
    }

    // ---- output ----

    /** @return the chart drawn as an image (what a notebook displays) */
    public static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Saves the chart as a PNG file (parent directories created); returns the path. */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            String name = file.toString();
            String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
            return Path.of(base + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- helpers ----

    private static void style(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setSeriesColors(PALETTE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAntiAlias(true);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(225, 225, 225));
            a.setPlotGridLinesStroke(new BasicStroke(1f));
            a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            a.setyAxisTickLabelsFormattingFunction(Plots::tick);   // 0.05, not XChart's .05
        }
    }

    private static String unique(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeriesMap().containsKey(n); i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    private static int nonZero(float[] v) {
        int n = 0;
        for (float f : v) {
            n += f != 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * @return a tick value with a leading zero and no more digits than it has ("0.05", "0.6", "12", "0.0001"), its
     *     floating-point noise (0.30000000000000004) rounded away
     */
    static String tick(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString();
    }

    /** @return the smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is at least {@code v} */
    static double niceCeiling(double v) {
        double power = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= v * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static double maxAbs(double[][] v) {
        double m = 1e-9;
        for (double[] row : v) {
            for (double d : row) {
                m = Math.max(m, Math.abs(d));
            }
        }
        return m;
    }

    /** @return a map preserving insertion order, for building chart inputs in jshell */
    public static <K, V> Map<K, V> ordered() {
        return new LinkedHashMap<>();
    }
}
