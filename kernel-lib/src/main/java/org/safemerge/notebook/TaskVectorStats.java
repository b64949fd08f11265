package org.safemerge.notebook;

import java.awt.image.RenderedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.safemerge.io.TensorSource;
import org.safemerge.progress.Progress;
import org.safemerge.tensor.FloatTensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Where experts moved away from their base, per layer group ({@link LayerGroups}): the L2 norm of each expert's task
 * vector {@code tau = theta_expert - theta_base}, and, with two or more experts, the fraction of entries whose task
 * vectors disagree in sign (some expert pushes up, another down: the entries TIES' sign election settles).
 *
 * <pre>
 * var stats = TaskVectorStats.of(Checkpoint.open(base), Map.of("math", Checkpoint.open(math), "bio", Checkpoint.open(bio)));
 * Plots.taskVectorNorms(stats);   // bars per layer group and expert
 * Plots.signConflicts(stats);     // conflict fraction per layer group
 * </pre>
 *
 * @param groups        layer groups in model order
 * @param norms         expert name to one task-vector norm per group
 * @param signConflicts per group, conflicting entries / all entries (NaN with fewer than two experts)
 */
public record TaskVectorStats(List<String> groups, Map<String, double[]> norms, double[] signConflicts)
        implements TableRenderable {
    public TaskVectorStats {
        groups = List.copyOf(groups);
        norms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(norms));
    }

    /**
     * Reads every tensor of the base and the experts once (one tensor at a time, so memory stays at a few tensors).
     *
     * @param base    the model the experts were fine-tuned from
     * @param experts expert name to its weights, in display order; each must have every base tensor, same shape
     * @throws IllegalArgumentException when an expert lacks a base tensor or has it in another shape
     */
    public static TaskVectorStats of(TensorSource base, Map<String, ? extends TensorSource> experts) {
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("TaskVectorStats needs at least one expert, got none");
        }
        Map<String, double[]> sumSquares = new TreeMap<>(LayerGroups.ORDER);  // group -> per expert
        Map<String, long[]> conflicts = new TreeMap<>(LayerGroups.ORDER);     // group -> {conflicting, total}
        List<String> names = new ArrayList<>(experts.keySet());
        try (Progress progress = Progress.start("Task-vector statistics", base.tensorNames().size(), "tensors")) {
            for (String tensor : base.tensorNames()) {
                accumulate(tensor, base, names, experts, sumSquares, conflicts);
                progress.step();
            }
        }
        List<String> groups = new ArrayList<>(sumSquares.keySet());
        Map<String, double[]> norms = new LinkedHashMap<>();
        for (int e = 0; e < names.size(); e++) {
            double[] n = new double[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                n[g] = Math.sqrt(sumSquares.get(groups.get(g))[e]);
            }
            norms.put(names.get(e), n);
        }
        double[] conflict = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            long[] c = conflicts.get(groups.get(g));
            conflict[g] = names.size() < 2 ? Double.NaN : (double) c[0] / c[1];
        }
        return new TaskVectorStats(groups, norms, conflict);
    }

    /** Adds one tensor's squared task-vector entries and sign conflicts to its layer group's totals. */
    private static void accumulate(String tensor, TensorSource base, List<String> names,
                                   Map<String, ? extends TensorSource> experts, Map<String, double[]> sumSquares,
                                   Map<String, long[]> conflicts) {
        FloatTensor baseTensor = base.load(tensor);
        float[] b = baseTensor.data();
        float[][] tau = new float[names.size()][];
        for (int e = 0; e < names.size(); e++) {
            tau[e] = delta(tensor, names.get(e), experts.get(names.get(e)), b, baseTensor);
        }
        String group = LayerGroups.of(tensor);
        double[] ss = sumSquares.computeIfAbsent(group, g -> new double[names.size()]);
        long[] c = conflicts.computeIfAbsent(group, g -> new long[2]);
        for (int i = 0; i < b.length; i++) {
            boolean up = false;
            boolean down = false;
            for (int e = 0; e < tau.length; e++) {
                float d = tau[e][i];
                ss[e] += (double) d * d;
                up |= d > 0;
                down |= d < 0;
            }
            c[0] += up && down ? 1 : 0;
        }
        c[1] += b.length;
    }

    private static float[] delta(String tensor, String expertName, TensorSource expert, float[] base,
                                 FloatTensor baseTensor) {
        if (!expert.contains(tensor)) {
            throw new IllegalArgumentException("Expert '" + expertName + "' has no tensor " + tensor
                    + " (the base has it): task vectors need the same tensors");
        }
        FloatTensor x = expert.load(tensor);
        if (!x.sameShape(baseTensor)) {
            throw new IllegalArgumentException("Expert '" + expertName + "' tensor " + tensor + " has shape "
                    + x.shapeString() + ", the base has " + baseTensor.shapeString());
        }
        float[] d = x.data().clone();  // sources may hand out their own arrays (TensorSet does): never modify them
        for (int i = 0; i < d.length; i++) {
            d[i] -= base[i];
        }
        return d;
    }

    /** @return one row per layer group: {@code group}, {@code norm <expert>} per expert, {@code sign_conflicts} */
    public Table table() {
        Table t = Table.create("task vectors per layer group", StringColumn.create("group", groups));
        norms.forEach((name, n) -> t.addColumns(DoubleColumn.create("norm " + name, n)));
        t.addColumns(DoubleColumn.create("sign_conflicts", signConflicts));
        return t;
    }

    @Override
    public RenderedImage toImage() {
        return Plots.image(Plots.taskVectorNorms(this));
    }
}
