package org.safemerge.merge.sparsify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Mask;
import org.safemerge.merge.PlanGroups;
import org.safemerge.merge.PlannedTensor;
import org.safemerge.merge.RankSelect;
import org.safemerge.merge.TensorGroup;

/**
 * TIES' trim step over the whole model (the paper's and FusionBench's variant): one magnitude threshold per model
 * over all of its task vector's entries, instead of one per tensor. Entries at least as large as the threshold are
 * kept, ties included (the original code's {@code >= kthvalue}), so slightly more than {@code density} may be kept.
 *
 * <p>Two extra passes over every input before merging (a 16-bit and a 15-bit histogram per model). Each model's
 * {@code density} must be the same on every tensor.
 */
public final class GlobalMagnitude {
    /** A threshold above every key: nothing is kept. */
    public static final long KEEP_NONE = 1L << 31;

    private GlobalMagnitude() {
    }

    /**
     * @param tensors the indices of the planned tensors that take part
     * @return per model reference, the smallest magnitude key kept (0 keeps all, {@link #KEEP_NONE} none)
     * @throws IllegalArgumentException if a model's density differs between tensors
     */
    public static Map<String, Long> thresholds(PlanGroups groups, List<Integer> tensors) {
        Map<String, Double> density = new LinkedHashMap<>();
        Map<String, Long> total = new LinkedHashMap<>();
        for (int index : tensors) {
            PlannedTensor t = groups.tensors().get(index);
            double[] d = t.params().perModel("density");
            for (int m = 0; m < t.models().size(); m++) {
                String ref = t.models().get(m).model();
                Double before = density.putIfAbsent(ref, d[m]);
                if (before != null && before != d[m]) {
                    throw new IllegalArgumentException("topk_scope: model needs one density per model, but model "
                            + ref + " has density " + before + " and " + d[m] + " (tensor " + t.name() + ")");
                }
                total.merge(ref, t.numel(), Long::sum);
            }
        }
        Map<String, long[]> hi = new LinkedHashMap<>();
        density.keySet().forEach(ref -> hi.put(ref, new long[1 << 16]));
        histogram(groups, tensors, hi);
        Map<String, Long> rank = new LinkedHashMap<>();
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, long[]> lo = new LinkedHashMap<>();
        Map<String, Integer> bin = new LinkedHashMap<>();
        Map<String, Long> less = new LinkedHashMap<>();
        for (String ref : density.keySet()) {
            long n = total.get(ref);
            long r = n - (long) (density.get(ref) * n);
            if (density.get(ref) >= 1 || r <= 0) {
                out.put(ref, 0L);
            } else if (r >= n) {
                out.put(ref, KEEP_NONE);
            } else {
                long[] h = hi.get(ref);
                long cum = 0;
                int b = 0;
                while (cum + h[b] <= r) {
                    cum += h[b++];
                }
                rank.put(ref, r);
                bin.put(ref, b);
                less.put(ref, cum);
                lo.put(ref, new long[1 << 15]);
            }
        }
        if (!lo.isEmpty()) {
            histogramLow(groups, tensors, lo, bin);
            for (String ref : lo.keySet()) {
                long[] h = lo.get(ref);
                long cum = less.get(ref);
                int b = 0;
                while (cum + h[b] <= rank.get(ref)) {
                    cum += h[b++];
                }
                out.put(ref, (long) (bin.get(ref) << 15 | b));
            }
        }
        return out;
    }

    /** @return per model of the group, its mask under the model-wide thresholds (null when everything is kept) */
    public static Mask[] masks(TensorGroup g, Map<String, Long> thresholds) {
        int n = g.size();
        Mask[] masks = new Mask[n];
        long[] key = new long[n];
        for (int i = 0; i < n; i++) {
            key[i] = thresholds.get(g.label(i));
            masks[i] = key[i] == 0 ? null : Mask.empty(g.numel());
        }
        g.forEach(g.flat(), c -> {
            boolean[] keep = c.flags(0, c.length());
            for (int i = 0; i < n; i++) {
                if (masks[i] == null) {
                    continue;
                }
                float[] d = c.delta(i);
                for (int j = 0; j < c.length(); j++) {
                    keep[j] = RankSelect.magnitudeKey(d[j]) >= key[i];
                }
                masks[i].setAll(c.from(), keep, c.length());
            }
        });
        return masks;
    }

    private static void histogram(PlanGroups groups, List<Integer> tensors, Map<String, long[]> hi) {
        for (int index : tensors) {
            groups.visit(index, g -> {
                int[][][] h = new int[g.workers().threads()][g.size()][];
                g.forEach(g.flat(), c -> {
                    for (int m = 0; m < g.size(); m++) {
                        int[] counts = h[c.worker()][m];
                        if (counts == null) {
                            counts = h[c.worker()][m] = new int[1 << 16];
                        }
                        float[] d = c.delta(m);
                        for (int j = 0; j < c.length(); j++) {
                            counts[RankSelect.magnitudeKey(d[j]) >>> 15]++;
                        }
                    }
                });
                addAll(g, h, hi);
            });
        }
    }

    private static void histogramLow(PlanGroups groups, List<Integer> tensors, Map<String, long[]> lo,
                                     Map<String, Integer> bin) {
        for (int index : tensors) {
            groups.visit(index, g -> {
                int[][][] h = new int[g.workers().threads()][g.size()][];
                g.forEach(g.flat(), c -> {
                    for (int m = 0; m < g.size(); m++) {
                        Integer b = bin.get(g.label(m));
                        if (b == null) {
                            continue;
                        }
                        int[] counts = h[c.worker()][m];
                        if (counts == null) {
                            counts = h[c.worker()][m] = new int[1 << 15];
                        }
                        float[] d = c.delta(m);
                        for (int j = 0; j < c.length(); j++) {
                            int k = RankSelect.magnitudeKey(d[j]);
                            if (k >>> 15 == b) {
                                counts[k & 0x7FFF]++;
                            }
                        }
                    }
                });
                addAll(g, h, lo);
            });
        }
    }

    private static void addAll(TensorGroup g, int[][][] perWorker, Map<String, long[]> into) {
        for (int[][] worker : perWorker) {
            for (int m = 0; m < g.size(); m++) {
                long[] target = into.get(g.label(m));
                if (worker[m] == null || target == null) {
                    continue;
                }
                for (int b = 0; b < worker[m].length; b++) {
                    target[b] += worker[m][b];
                }
            }
        }
    }
}
