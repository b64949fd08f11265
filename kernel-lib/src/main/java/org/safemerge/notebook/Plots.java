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
        int i = 0;
        LabelLayout labels = new LabelLayout(points, AXIS_MAX);
        for (ScorePoint p : points) {
            XYSeries s = chart.addSeries(unique(chart, p.label()), new double[] {p.alignment()},
                    new double[] {p.accuracy()});
            s.setMarker(p.parent() ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
            s.setMarkerColor(PALETTE[i++ % PALETTE.length]);
            double[] at = labels.place(p);
            chart.addAnnotation(new AnnotationText(p.label(), at[0], at[1], false));
            double[] leader = LabelLayout.leader(p, at);
            if (leader != null) {
                XYSeries line = chart.addSeries(unique(chart, "label of " + p.label()),
                        new double[] {leader[0], leader[2]}, new double[] {leader[1], leader[3]});
                line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                line.setMarker(SeriesMarkers.NONE);
                line.setLineColor(Color.LIGHT_GRAY);
                line.setLineStyle(new java.awt.BasicStroke(0.8f));
                line.setShowInLegend(false);
            }
        }
        List<ScorePoint> front = paretoFront(points);
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
        addHistogram(chart, "before (" + nonZero(before) + " non-zero)", before, lo, hi, bins, PALETTE[0]);
        addHistogram(chart, "after (" + nonZero(after) + " non-zero)", after, lo, hi, bins, PALETTE[1]);
        return chart;
    }

    /** {@link #sparsification(String, float[], float[], int)} for tensors. */
    public static XYChart sparsification(String title, FloatTensor before, FloatTensor after, int bins) {
        return sparsification(title, before.data(), after.data(), bins);
    }

    private static void addHistogram(XYChart chart, String name, float[] values, double lo, double hi, int bins,
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
     * D_expert + D_safety, ...). Values are the raw per-evaluation objectives; the running minimum is drawn.
     */
    public static XYChart objectivePerEvaluation(Map<String, double[]> objectivesByRun) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Best objective per evaluation")
                .xAxisTitle("merged-model evaluations").yAxisTitle("best objective so far (lower is better)").build();
        style(chart);
        objectivesByRun.forEach((name, values) -> {
            double[] x = new double[values.length];
            double[] best = new double[values.length];
            double b = Double.MAX_VALUE;
            for (int i = 0; i < values.length; i++) {
                x[i] = i + 1;
                b = Math.min(b, values[i]);
                best[i] = b;
            }
            XYSeries s = chart.addSeries(name, x, best);
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
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 280).height(HEIGHT + 80)
                .title("Safe replies per harm category").xAxisTitle("category").yAxisTitle("% safe").build();
        style(chart);
        chart.getStyler().setXAxisLabelRotation(35);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
        rateByModel.forEach((model, byCategory) -> chart.addSeries(model, new ArrayList<>(byCategory.keySet()),
                new ArrayList<>(byCategory.values())));
        return chart;
    }

    /** The per-category safe-reply rates of {@link SafetyByCategory}, one bar per model and category. */
    public static CategoryChart refusalByCategory(SafetyByCategory rates) {
        return refusalByCategory(rates.asMaps());
    }

    /**
     * A heat map, e.g. per-layer-group attribution: rows are what was changed (layer groups), columns what was
     * measured (alignment change, accuracy change), cell colour the value.
     */
    public static HeatMapChart heatMap(String title, List<String> columns, List<String> rows, double[][] values,
                                       String valueTitle) {
        // wide enough that every column label fits under its column
        int width = Math.max(WIDTH, 160 + columns.size() * (16 + 8 * columns.stream().mapToInt(String::length).max()
                .orElse(0)));
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(Math.max(HEIGHT, 120 + 45 * rows.size()))
                .title(title).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(33, 102, 172), Color.WHITE, new Color(178, 24, 43)});
        double range = niceCeiling(maxAbs(values));   // a round legend: 60 rather than 59.6551724137931
        chart.getStyler().setMin(-range).setMax(range);
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns.size(); c++) {
                cells.add(new Number[] {c, r, Math.round(values[r][c] * 10) / 10.0});
            }
        }
        chart.addSeries(valueTitle, columns, rows, cells);
        return chart;
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
