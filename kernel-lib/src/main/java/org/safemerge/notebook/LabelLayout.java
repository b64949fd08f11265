package org.safemerge.notebook;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the labels of a scatter plot so that they cover neither one another nor any point's marker. Positions are
 * in axis units of the default chart ({@link Plots#WIDTH} x {@link Plots#HEIGHT}, both axes 0 to 105), where XChart
 * centres an annotation's text on its position.
 *
 * <p>Each label tries, in order: just above its point, just below, one line further up or down, beside it on the
 * right or on the left, then further away; the first free place wins. When every place is taken it goes where it
 * covers the least. A label placed away from its point gets a leader line ({@link #leader}).
 */
final class LabelLayout {
    /** Axis units per character at 11 pt: the plot area is about 410 pixels wide for 105 units, a character ~6.5. */
    static final double CHAR_UNITS = 1.7;
    /** Axis units per line of text: about 14 pixels on a plot area about 355 pixels high for 105 units. */
    static final double LINE_UNITS = 4.2;
    /** Half the side of a marker, in axis units. */
    static final double MARKER_HALF = 1.4;

    private static final double[][] OFFSETS = {{0, 3.5}, {0, -4.0}, {0, 7.5}, {0, -8.0}, {1, 0}, {-1, 0},
        {0, 11.5}, {0, -12.0}, {1, 4.5}, {-1, 4.5}, {1, -4.5}, {-1, -4.5}, {0, 15.5}, {0, -16.0},
        {1, 8.5}, {-1, 8.5}, {1, -8.5}, {-1, -8.5}, {0, 19.5}, {0, -20.0}, {0, 23.5}, {0, -24.0}};

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

    /** @return where {@code p}'s label goes, {x, y}; the place is taken from then on */
    double[] place(ScorePoint p) {
        double half = halfWidth(p.label());
        double[] best = null;
        double bestCover = Double.POSITIVE_INFINITY;
        for (double[] o : OFFSETS) {
            double x = p.alignment() + o[0] * (half + MARKER_HALF + 1);
            double y = p.accuracy() + o[1];
            x = Math.max(half, Math.min(axisMax - half, x));     // keep the text inside the plot
            double[] box = {x, y, half, LINE_UNITS / 2};
            boolean inside = y - box[3] >= 0 && y + box[3] <= axisMax;
            double cover = inside ? boxes.stream().mapToDouble(b -> overlap(b, box)).sum() : Double.MAX_VALUE;
            if (best == null || cover < bestCover) {
                best = box;
                bestCover = cover;
            }
            if (cover == 0) {
                break;
            }
        }
        boxes.add(best);
        return new double[] {best[0], best[1]};
    }

    /**
     * @return a line from the point's marker to the nearest edge of its label at {@code at}, {x0, y0, x1, y1}, or null
     *     when the label touches its point (no line needed)
     */
    static double[] leader(ScorePoint p, double[] at) {
        double half = halfWidth(p.label());
        double ex = Math.max(at[0] - half, Math.min(at[0] + half, p.alignment()));
        double ey = Math.max(at[1] - LINE_UNITS / 2, Math.min(at[1] + LINE_UNITS / 2, p.accuracy()));
        return Math.hypot(ex - p.alignment(), ey - p.accuracy()) <= 2.5 ? null
                : new double[] {p.alignment(), p.accuracy(), ex, ey};
    }

    /** @return the area two boxes share (0 when they are apart) */
    static double overlap(double[] a, double[] b) {
        double w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0] - a[2], b[0] - b[2]);
        double h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1] - a[3], b[1] - b[3]);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
