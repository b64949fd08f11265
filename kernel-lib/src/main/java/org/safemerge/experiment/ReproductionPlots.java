package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.safemerge.notebook.Plots;
import org.safemerge.notebook.ScorePoint;

/** The reproduction's charts: each pool's alignment against domain accuracy, and EvoMM's objective per evaluation. */
public final class ReproductionPlots {
    private ReproductionPlots() {
    }

    /** @return alignment (x) against domain accuracy (y) of the pool's parents (diamonds) and merges (circles) */
    public static XYChart alignmentVsAccuracy(PoolSpec pool, List<ResultRow> rows) {
        List<ScorePoint> points = new ArrayList<>();
        for (ResultRow r : rows) {
            if (r.pool().equals(pool.id())) {
                points.add(r.isParent() ? ScorePoint.parent(r.label(), r.alignment(), r.domainAcc())
                        : ScorePoint.merge(r.label(), r.alignment(), r.domainAcc()));
            }
        }
        return Plots.alignmentVsAccuracy(pool.id() + ": alignment vs " + pool.domainDescription(), points);
    }

    /** @return the best objective so far per evaluation of each EvoMM run of a pool */
    public static XYChart evommObjective(PoolSpec pool, Map<String, double[]> objectives) {
        XYChart c = Plots.objectivePerEvaluation(objectives);
        c.setTitle(pool.id() + ": EvoMM best objective per evaluation");
        return c;
    }
}
