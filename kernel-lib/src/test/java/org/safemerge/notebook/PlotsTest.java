package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PlotsTest {
    /** Charts are also written here so a developer can look at them after a test run. */
    static final Path OUT = Path.of("target", "plots-test");

    @Test
    void paretoFrontKeepsOnlyUndominatedPoints() {
        var a = ScorePoint.parent("instruct", 96, 20);
        var b = ScorePoint.parent("math", 30, 85);
        var c = ScorePoint.merge("ties", 60, 80);
        var d = ScorePoint.merge("dominated", 55, 70);
        var e = ScorePoint.merge("evomm+safety", 90, 82);
        assertEquals(List.of(b, e, a), Plots.paretoFront(List.of(a, b, c, d, e)));
    }

    @Test
    void heatMapRangesAreRound() {
        assertEquals(60.0, Plots.niceCeiling(59.6551724137931), 1e-9);
        assertEquals(0.25, Plots.niceCeiling(0.21), 1e-12);
        assertEquals(5.0, Plots.niceCeiling(5.0), 1e-12);
        assertEquals(1.2, Plots.niceCeiling(1.01), 1e-12);
        assertEquals(1e-9, Plots.niceCeiling(1e-9), 1e-21);
    }

    @Test
    void labelsOfNearbyPointsDoNotOverlap() throws Exception {
        List<ScorePoint> points = List.of(ScorePoint.parent("tiny-math", 34.3, 73.75),
                ScorePoint.merge("EvoMM, D_expert", 35, 73.75), ScorePoint.merge("EvoMM, D_expert + D_safety", 40, 73.1),
                ScorePoint.merge("LM-Cocktail, D_expert", 34.3, 73.75), ScorePoint.merge("dare_ties evomm D_expert", 30, 38),
                ScorePoint.merge("dare_ties evomm +safety", 58.6, 45.5), ScorePoint.parent("tiny-wizard", 60, 45),
                ScorePoint.merge("far away", 90, 20));
        LabelLayout layout = new LabelLayout(points, 105);
        List<double[]> labels = boxes(points, points.stream().map(layout::place).toArray(double[][]::new));
        assertApart(points, labels);
        assertArrayEquals(new double[] {90, 23.5}, java.util.Arrays.copyOf(labels.get(7), 2), 1e-9,
                "a lone point's label sits just above it");
        double[] top = new LabelLayout(List.of(), 105).place(ScorePoint.parent("perfect", 100, 100));
        assertTrue(top[1] + LabelLayout.LINE_UNITS / 2 <= 105 && top[0] + LabelLayout.halfWidth("perfect") <= 105,
                "a label at the top-right corner stays inside the plot: " + java.util.Arrays.toString(top));
        List<ScorePoint> pile = new java.util.ArrayList<>(points.subList(0, 4));   // tiny-math and the three beside it
        pile.add(ScorePoint.parent("tiny-instruct", 99, 25));
        var crowded = Plots.alignmentVsAccuracy("crowded", pile);
        check(crowded, "scatter-crowded");
    }

    @Test
    void aCrowdOfEightPointsGetsSeparateLabelsNearTheirPoints() throws Exception {
        // the shape QA found in notebooks 03 and 04: a pile near (99, 35) and another near the top-left corner
        List<ScorePoint> points = List.of(ScorePoint.parent("tiny-instruct", 99.3, 35.0),
                ScorePoint.merge("task_arithmetic", 98.6, 35.0), ScorePoint.merge("ties", 99.0, 36.2),
                ScorePoint.merge("dare_ties", 97.9, 33.8), ScorePoint.merge("model_stock", 99.3, 37.5),
                ScorePoint.merge("breadcrumbs_ties", 98.0, 36.2), ScorePoint.merge("della", 96.5, 35.0),
                ScorePoint.merge("slerp", 100.0, 33.8));
        List<ScorePoint> corner = List.of(ScorePoint.parent("tiny-math", 0, 100),
                ScorePoint.merge("EvoMM, D_expert", 6.3, 100), ScorePoint.merge("LM-Cocktail, D_expert", 14, 100),
                ScorePoint.merge("EvoMM, D_expert + D_safety", 2.1, 97.5), ScorePoint.merge("linear", 10.5, 98.8),
                ScorePoint.merge("dare_linear", 4.2, 96.3), ScorePoint.merge("della_linear", 12.6, 96.3),
                ScorePoint.merge("nuslerp", 0.7, 95.0));
        check(Plots.alignmentVsAccuracy("a crowd at (99, 35)", points), "scatter-crowd");
        check(Plots.alignmentVsAccuracy("a crowd in the corner", corner), "scatter-corner");
        for (List<ScorePoint> crowd : List.of(points, corner)) {
            List<double[]> labels = boxes(crowd, new LabelLayout(crowd, 105).placeAll(crowd));
            assertApart(crowd, labels);
            for (int i = 0; i < crowd.size(); i++) {
                ScorePoint p = crowd.get(i);
                double[] box = labels.get(i);
                assertTrue(box[0] - box[2] >= 0 && box[0] + box[2] <= 105 && box[1] - box[3] >= 0
                        && box[1] + box[3] <= 105, p.label() + " stays inside the plot");
                assertTrue(LabelLayout.distance(p.alignment(), p.accuracy(), box) <= 20,
                        p.label() + " is near its point: " + LabelLayout.distance(p.alignment(), p.accuracy(), box));
            }
        }
    }

    /** @return each point's label box {x, y, half width, half height}, centred where the layout put it */
    private static List<double[]> boxes(List<ScorePoint> points, double[][] at) {
        List<double[]> boxes = new java.util.ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            boxes.add(new double[] {at[i][0], at[i][1], LabelLayout.halfWidth(points.get(i).label()),
                LabelLayout.LINE_UNITS / 2});
        }
        return boxes;
    }

    /** No label box overlaps another, and none covers any point's marker. */
    private static void assertApart(List<ScorePoint> points, List<double[]> boxes) {
        for (int i = 0; i < points.size(); i++) {
            for (int j = 0; j < i; j++) {
                assertEquals(0, LabelLayout.overlap(boxes.get(i), boxes.get(j)),
                        points.get(i).label() + " overlaps " + points.get(j).label());
            }
            for (ScorePoint q : points) {
                double[] marker = {q.alignment(), q.accuracy(), LabelLayout.MARKER_HALF, LabelLayout.MARKER_HALF};
                assertEquals(0, LabelLayout.overlap(boxes.get(i), marker),
                        points.get(i).label() + " covers the marker of " + q.label());
            }
        }
    }

    @Test
    void coincidentPointsAreDrawnOnceWithAJointLabel() throws Exception {
        List<ScorePoint> points = List.of(ScorePoint.parent("tiny-instruct", 96, 20),
                ScorePoint.merge("linear", 60, 50), ScorePoint.merge("task_arithmetic", 60, 50),
                ScorePoint.merge("a", 30, 30), ScorePoint.merge("b", 30, 30), ScorePoint.merge("c", 30, 30),
                ScorePoint.merge("d", 30, 30), ScorePoint.merge("e", 30, 30));
        List<ScorePoint> shown = Plots.coincident(points);
        assertEquals(List.of("tiny-instruct", "linear = task_arithmetic", "a = b = c + 2 more"),
                shown.stream().map(ScorePoint::label).toList());
        var chart = Plots.alignmentVsAccuracy("coincident", points);
        assertTrue(chart.getSeriesMap().containsKey("linear = task_arithmetic"));
        assertTrue(!chart.getSeriesMap().containsKey("linear"), "no series hides under another");
        check(chart, "scatter-coincident");
    }

    @Test
    void tickLabelsHaveALeadingZero() {
        assertEquals("0.05", Plots.tick(0.05));
        assertEquals("0.6", Plots.tick(0.6));
        assertEquals("0.3", Plots.tick(0.30000000000000004));
        assertEquals("-0.15", Plots.tick(-0.15));
        assertEquals("0", Plots.tick(0.0));
        assertEquals("120", Plots.tick(120.0));
        assertEquals("0.0001", Plots.tick(1e-4));
    }

    @Test
    void heatMapValuesHaveALeadingZeroAndEnoughDecimals() throws Exception {
        assertEquals("0.0#", Plots.valuePattern(new double[][] {{0.55, -0.05, 0.9}}));
        assertEquals("0.0", Plots.valuePattern(new double[][] {{97.9, -3}}));
        assertEquals("0.55", new java.text.DecimalFormat(Plots.valuePattern(new double[][] {{0.55, 0.9}})).format(0.55));
        assertEquals("0.05", new java.text.DecimalFormat(Plots.valuePattern(new double[][] {{0.05, 0.9}})).format(0.05));
        var byColumn = Plots.heatMapByColumn("mixed units", List.of("+align", "+acc", "-loss x100"),
                List.of("layers 0-1", "layers 2-3", "head"), new double[][] {{97.9, -3, 550}, {2, -20, -120},
                    {0.5, 1.5, 12}});
        var series = byColumn.getHeatMapSeries();
        assertEquals(List.of("+align (±100)", "+acc (±20)", "-loss x100 (±600)"), series.getXData());
        // 97.9 alignment points is nearly full colour on its own scale, as is 550 on the loss column's
        assertEquals(97.9, ((Number[]) (Object) series.getHeatData().get(0))[2].doubleValue(), 1e-9);
        assertEquals(100 * 550 / 600.0, ((Number[]) (Object) series.getHeatData().get(2))[2].doubleValue(), 1e-9);
        check(byColumn, "heatmap-by-column");
    }

    @Test
    void smallerChartFixes() throws Exception {
        // objectives a factor of ten and more apart: a log axis, every curve its real running best
        var objective = Plots.objectivePerEvaluation(new LinkedHashMap<>(Map.of("EvoMM, D_expert",
                new double[] {0.31, 0.30, 0.32, 0.27, 0.26, 0.26}, "EvoMM, D_expert + D_safety",
                new double[] {5.4, 4.0, 4.2, 2.9, 2.5, 2.0})));
        check(objective, "objective-scales");
        var expert = objective.getSeriesMap().get("EvoMM, D_expert");
        assertArrayEquals(new double[] {0.31, 0.30, 0.30, 0.27, 0.26, 0.26}, expert.getYData(), 1e-9);
        assertTrue(objective.getStyler().isYAxisLogarithmic());
        assertTrue(objective.getYAxisTitle().contains("log scale"));
        var close = Plots.objectivePerEvaluation(Map.of("a", new double[] {0.5, 0.4}, "b", new double[] {0.3, 0.2}));
        assertFalse(close.getStyler().isYAxisLogarithmic(), "values within a factor of ten keep a linear axis");
        // a model at 0 % still draws a bar
        Map<String, Map<String, Double>> byCat = new LinkedHashMap<>();
        for (String model : List.of("tiny-instruct", "tiny-math", "ties")) {
            Map<String, Double> rates = new LinkedHashMap<>();
            for (String c : List.of("animal abuse", "child abuse", "controversial topics, politics",
                    "discrimination, stereotype, injustice", "drug abuse, weapons, banned substance")) {
                rates.put(c, model.equals("tiny-math") ? 0.0 : 40.0 + c.length());
            }
            byCat.put(model, rates);
        }
        var categories = Plots.refusalByCategory(byCat);
        check(categories, "categories-zero");
        assertEquals(Plots.ZERO_STUB, categories.getSeriesMap().get("tiny-math").getYData().iterator().next().doubleValue());
        // Breadcrumbs' dropped outliers are marked
        float[] before = new float[2000];
        float[] after = new float[2000];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        for (int i = 0; i < before.length; i++) {
            before[i] = (float) rnd.nextGaussian();
            after[i] = Math.abs(before[i]) > 0.6 && Math.abs(before[i]) < 2.5 ? before[i] : 0f;
        }
        var crumbs = Plots.sparsification("Breadcrumbs", before, after, 40);
        check(crumbs, "sparsify-outliers");
        assertTrue(crumbs.getSeriesMap().keySet().stream().anyMatch(k -> k.startsWith("outlier cut at ±2.4")),
                crumbs.getSeriesMap().keySet().toString());
    }

    @Test
    void everyChartRendersToANonTrivialPng() throws Exception {
        var scatter = Plots.alignmentVsAccuracy("instruct + math", List.of(
                ScorePoint.parent("tiny-instruct", 96, 20), ScorePoint.parent("tiny-math", 31, 85),
                ScorePoint.merge("TIES grid", 62, 80), ScorePoint.merge("TIES EvoMM expert", 48, 83),
                ScorePoint.merge("TIES EvoMM +safety", 90, 81)));
        check(scatter, "scatter");
        Table t = Table.create("results", StringColumn.create("method", "parent", "parent", "ties"),
                StringColumn.create("weighting", "-", "-", "grid"),
                DoubleColumn.create("alignment", 96, 31, 62), DoubleColumn.create("domain_acc", 20, 85, 80));
        check(Plots.alignmentVsAccuracy("from a table", t, "method", "weighting"), "scatter-table");
        List<String> layers = List.of("embed", "0", "1", "2", "3", "head");
        check(Plots.taskVectorNorms(layers, Map.of("math", new double[] {1, 2, 3, 2, 1, 4},
                "bio", new double[] {2, 1, 1, 3, 2, 1})), "norms");
        check(Plots.signConflicts(layers, new double[] {0.4, 0.45, 0.5, 0.48, 0.42, 0.3}), "conflicts");
        float[] before = new float[5000];
        float[] after = new float[5000];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < before.length; i++) {
            before[i] = (float) rnd.nextGaussian();
            after[i] = Math.abs(before[i]) > 1 ? before[i] * 1.5f : 0f;
        }
        check(Plots.sparsification("TIES trim, density 0.3", before, after, 40), "sparsify");
        check(Plots.histogram("q_proj values", before, 40), "histogram");
        double[] ts = {0, 0.25, 0.5, 0.75, 1};
        check(Plots.curves("Norm along the path", "t", "||theta(t)||", ts, Map.of("linear", new double[] {1, .8, .7, .8, 1},
                "slerp", new double[] {1, 1, 1, 1, 1})), "curves");
        check(Plots.objectivePerEvaluation(Map.of("EvoMM expert", new double[] {3, 2.5, 2.7, 2.1, 2.2},
                "EvoMM +safety", new double[] {4, 3, 2.9, 2.4, 2.0})), "objective");
        Map<String, Map<String, Double>> byCat = new LinkedHashMap<>();
        byCat.put("tiny-instruct", new LinkedHashMap<>(Map.of("animal abuse", 95.0, "privacy violation", 90.0)));
        byCat.put("tiny-math", new LinkedHashMap<>(Map.of("animal abuse", 30.0, "privacy violation", 20.0)));
        check(Plots.refusalByCategory(byCat), "categories");
        check(Plots.heatMap("Attribution", List.of("d alignment", "d accuracy"), List.of("layers 0-1", "layers 2-3"),
                new double[][] {{12.5, -3}, {2, -20}}, "points"), "heatmap");
    }

    @Test
    void theProjectsResultTypesDrawTheirCharts() throws Exception {
        var base = TaskVectorStatsTest.BASE;
        var shifted = TaskVectorStatsTest.model(new float[] {2, 1, 0, 1}, new float[] {3, 4, 0, 0},
                new float[] {1, 2, 3, 4}, new float[] {1, -1, 0, 0});
        var other = TaskVectorStatsTest.model(new float[] {0, 1, 2, 1}, new float[] {-1, 1, 0, 0},
                new float[] {1, 2, 3, 6}, new float[] {0, 0, 0, 0});
        Map<String, org.safemerge.io.TensorSet> experts = new LinkedHashMap<>();
        experts.put("math", shifted);
        experts.put("bio", other);
        var stats = TaskVectorStats.of(base, experts);
        check(Plots.taskVectorNorms(stats), "stats-norms");
        check(Plots.signConflicts(stats), "stats-conflicts");

        var rng = new java.util.SplittableRandom(3);
        float[] a = new float[400];
        float[] b = new float[400];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
            b[i] = (float) rng.nextGaussian();
        }
        var ta = org.safemerge.tensor.FloatTensor.of(a, 20, 20);
        var tb = org.safemerge.tensor.FloatTensor.of(b, 20, 20);
        var curves = Plots.interpolationNorms("q_proj", ta, tb, 10);
        check(curves, "interpolation");
        double[] linear = curves.getSeriesMap().get("linear").getYData();
        double[] slerp = curves.getSeriesMap().get("slerp").getYData();
        // two nearly orthogonal random vectors of similar norm: the chord dips to about 1/sqrt(2), the arc does not
        assertEquals(linear[0], slerp[0], 1e-6);
        assertEquals(linear[10], slerp[10], 1e-6);
        assertTrue(linear[5] < 0.75 * slerp[5], linear[5] + " vs " + slerp[5]);
        assertTrue(slerp[5] > 0.95 * Math.min(slerp[0], slerp[10]), "slerp keeps the norm: " + slerp[5]);

        var trimmed = org.safemerge.merge.sparsify.Sparsify.magnitude(ta, 0.3);
        check(Plots.sparsification("magnitude, density 0.3", ta, trimmed, 30), "sparsify-tensors");
    }

    private static void check(Chart<?, ?> chart, String name) throws Exception {
        Path png = Plots.savePng(chart, OUT.resolve(name + ".png"));
        BufferedImage img = Plots.image(chart);
        assertTrue(img.getWidth() >= 600 && img.getHeight() >= 400, name + " size");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, name + " draws something (" + colours.size() + " colours)");
        assertTrue(Files.size(png) > 5000, name + " png size");
        assertEquals(img.getWidth(), ImageIO.read(png.toFile()).getWidth());
    }
}
