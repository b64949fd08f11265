package org.safemerge.notebook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Places the labels of a scatter plot so that they cover neither one another nor any point's marker, each as close
 * to its own point as the others allow. Positions are in axis units of the default chart ({@link Plots#WIDTH} x
 * {@link Plots#HEIGHT}, both axes 0 to 105), where XChart centres an annotation's text on its position.
 *
 * <p>A label tries every place around its point (above, below, beside it on either side, then one line further out,
 * and so on up to {@link #MAX_DISTANCE}) nearest first, and takes the first free one; when none is free it takes the
 * one that covers the least, near places preferred. Labels of points in a crowd are placed first, while the places
 * next to them are still free. A label that does not touch its point gets a leader line ({@link #leader}).
 */
final class LabelLayout {
    /** Axis units per character at 11 pt: the plot area is about 410 pixels wide for 105 units, a character ~6.5. */
    static final double CHAR_UNITS = 1.7;
    /** Axis units per line of text: about 14 pixels on a plot area about 355 pixels high for 105 units. */
    static final double LINE_UNITS = 4.2;
    /** Half the side of a marker, in axis units. */
    static final double MARKER_HALF = 1.4;
    /** The farthest a label goes from its point (from the marker's centre to the label's nearest edge). */
    static final double MAX_DISTANCE = 30;
    /** A label whose nearest edge is farther than this from its point's centre gets a leader line. */
    static final double TOUCH = 2.5;

    private final double axisMax;
    /** Occupied boxes: {x centre, y centre, half width, half height}. */
    private final List<double[]> boxes = new ArrayList<>();

    /** @param points every point of the chart: their markers are obstacles from the start */
    LabelLayout(List<ScorePoint> points, double axisMax) {
        this.axisMax = axisMax;
        points.forEach(p -> boxes.add(new double[] {p.alignment(), p.accuracy(), MARKER_HALF, MARKER_HALF}));
    }

    /** @return half the width of a label's text, in axis units */
    static double halfWidth(String label) {
        return label.length() * CHAR_UNITS / 2;
    }

    /**
     * Places every label, crowded points first.
     *
     * @return where each point's label goes, {x, y}, in the order of {@code points}
     */
    double[][] placeAll(List<ScorePoint> points) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -neighbours(points, points.get(i))));
        double[][] at = new double[points.size()][];
        for (int i : order) {
            at[i] = place(points.get(i));
        }
        return at;
    }

    private static int neighbours(List<ScorePoint> points, ScorePoint p) {
        return (int) points.stream().filter(q -> Math.abs(q.alignment() - p.alignment()) < 15
                && Math.abs(q.accuracy() - p.accuracy()) < 10).count();
    }

    /** @return where {@code p}'s label goes, {x, y}; the place is taken from then on */
    double[] place(ScorePoint p) {
        double half = halfWidth(p.label());
        double hh = LINE_UNITS / 2;
        List<double[]> candidates = new ArrayList<>();   // {x, y, distance}
        double px = p.alignment();
        double py = p.accuracy();
        // centred above and below, one line further out each time; then beside the point, on its line and above
        // and below it, the text starting (or ending) just past the marker
        List<Double> xs = new ArrayList<>(List.of(px, px + MARKER_HALF + 1 + half, px - MARKER_HALF - 1 - half,
                px + half - MARKER_HALF, px - half + MARKER_HALF));
        for (double dx = 3; dx <= MAX_DISTANCE; dx += 3) {   // further out to either side, for crowded lines
            xs.add(px + MARKER_HALF + 1 + half + dx);
            xs.add(px - MARKER_HALF - 1 - half - dx);
        }
        for (double x : xs) {
            for (double dy : offsets(hh)) {
                double y = py + dy;
                double cx = Math.max(half, Math.min(axisMax - half, x));   // keep the text inside the plot
                if (y - hh < 0 || y + hh > axisMax) {
                    continue;
                }
                double[] box = {cx, y, half, hh};
                if (overlap(box, new double[] {px, py, MARKER_HALF, MARKER_HALF}) > 0) {
                    continue;
                }
                double d = distance(px, py, box);
                if (d <= MAX_DISTANCE) {
                    candidates.add(new double[] {cx, y, d});
                }
            }
        }
        // above before below, then centred before beside: the order of xs and the sort's stability keep that
        candidates.sort(Comparator.comparingDouble((double[] c) -> Math.round(c[2] * 10) / 10.0)
                .thenComparingDouble(c -> c[1] >= py ? 0 : 1));
        double[] best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (double[] c : candidates) {
            double[] box = {c[0], c[1], half, hh};
            double cover = boxes.stream().mapToDouble(b -> overlap(b, box)).sum();
            if (cover == 0) {
                best = box;
                break;
            }
            double score = cover * 10 + c[2];
            if (score < bestScore) {
                best = box;
                bestScore = score;
            }
        }
        if (best == null) {   // nowhere inside the plot (a huge label): above the point, clamped
            best = new double[] {Math.max(half, Math.min(axisMax - half, px)), Math.min(axisMax - hh, py + 3.5),
                half, hh};
        }
        boxes.add(best);
        return new double[] {best[0], best[1]};
    }

    /** @return vertical offsets from a point: on its line, then half a line further up and down at a time */
    private static List<Double> offsets(double hh) {
        List<Double> dys = new ArrayList<>();
        for (double k = 0; k * LINE_UNITS / 2 <= MAX_DISTANCE + hh; k++) {
            double step = k * LINE_UNITS / 2;
            dys.add(step);
            dys.add(-step);
            dys.add(MARKER_HALF + hh + step);
            dys.add(-MARKER_HALF - hh - step);
        }
        return dys;
    }

    /** @return the distance from a point to the nearest edge of a box (0 inside it) */
    static double distance(double x, double y, double[] box) {
        double dx = Math.max(0, Math.abs(x - box[0]) - box[2]);
        double dy = Math.max(0, Math.abs(y - box[1]) - box[3]);
        return Math.hypot(dx, dy);
    }

    /**
     * @return a line from the point's marker to the nearest edge of its label at {@code at}, {x0, y0, x1, y1}, or null
     *     when the label touches its point (no line needed)
     */
    static double[] leader(ScorePoint p, double[] at) {
        double half = halfWidth(p.label());
        double ex = Math.max(at[0] - half, Math.min(at[0] + half, p.alignment()));
        double ey = Math.max(at[1] - LINE_UNITS / 2, Math.min(at[1] + LINE_UNITS / 2, p.accuracy()));
        return Math.hypot(ex - p.alignment(), ey - p.accuracy()) <= TOUCH ? null
                : new double[] {p.alignment(), p.accuracy(), ex, ey};
    }

    /** @return the area two boxes share (0 when they are apart) */
    static double overlap(double[] a, double[] b) {
        double w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0] - a[2], b[0] - b[2]);
        double h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1] - a[3], b[1] - b[3]);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
