package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;
import org.safemerge.notebook.Plots;
import org.safemerge.notebook.ScorePoint;

/** The reproduction's charts: each pool's alignment against domain accuracy, and EvoMM's objective per evaluation. */
public final class ReproductionPlots {
    private ReproductionPlots() {
    }

    /**
     * @return alignment (x) against domain accuracy (y) of the pool's parents (diamonds) and merges (circles); models
     *     with the same scores share one point, labelled with the first two names and their count
     */
    public static XYChart alignmentVsAccuracy(PoolSpec pool, List<ResultRow> rows) {
        Map<List<Double>, List<ResultRow>> byScores = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.pool().equals(pool.id())) {
                byScores.computeIfAbsent(List.of(r.alignment(), r.domainAcc()), k -> new ArrayList<>()).add(r);
            }
        }
        List<ScorePoint> points = new ArrayList<>();
        for (List<ResultRow> same : byScores.values()) {
            points.add(new ScorePoint(label(same), same.get(0).alignment(), same.get(0).domainAcc(),
                    same.stream().anyMatch(ResultRow::isParent)));
        }
        return Plots.alignmentVsAccuracy(pool.id() + ": alignment vs " + pool.domainDescription(), points);
    }

    static String label(List<ResultRow> same) {
        if (same.size() <= 2) {
            return same.stream().map(ResultRow::label).collect(Collectors.joining(" = "));
        }
        return same.get(0).label() + " = " + same.get(1).label() + " = ... (" + same.size() + " models)";
    }

    /** @return the best objective so far per evaluation of each EvoMM run of a pool */
    public static XYChart evommObjective(PoolSpec pool, Map<String, double[]> objectives) {
        XYChart c = Plots.objectivePerEvaluation(objectives);
        c.setTitle(pool.id() + ": EvoMM best objective per evaluation");
        return c;
    }
}
