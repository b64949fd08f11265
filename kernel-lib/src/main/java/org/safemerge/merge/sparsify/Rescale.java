package org.safemerge.merge.sparsify;

import org.safemerge.merge.Chunk;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;

/**
 * Rescaling after sparsification, so a sparsified task vector keeps its size.
 *
 * <ul>
 *   <li>{@link Norm#L1}, {@link Norm#L2}, {@link Norm#LINF}: mergekit's rule, one factor per tensor,
 *       {@code ||delta|| / ||masked delta||}, skipped (factor 1) when either norm is below {@value #MIN_NORM}.
 *       mergekit always uses L1.</li>
 *   <li>{@link Norm#INVERSE_PROBABILITY}: the DARE / DELLA papers' rule (also PEFT's), dividing each kept entry by
 *       its keep probability; equal to the norm rule only in expectation.</li>
 * </ul>
 */
public final class Rescale {
    /** Below this norm a tensor is not rescaled (mergekit's guard against dividing by nothing). */
    public static final double MIN_NORM = 1e-7;

    /** How the kept entries are scaled back up. */
    public enum Norm {
        L1, L2, LINF, INVERSE_PROBABILITY;

        /** @return the norm named in recipes: {@code l1}, {@code l2}, {@code linf}, {@code inverse_probability} */
        public static Norm parse(String name) {
            return switch (name) {
                case "l1" -> L1;
                case "l2" -> L2;
                case "linf" -> LINF;
                case "inverse_probability" -> INVERSE_PROBABILITY;
                default -> throw new IllegalArgumentException("unknown rescale norm '" + name
                        + "'; expected l1, l2, linf or inverse_probability");
            };
        }
    }

    private Rescale() {
    }

    /**
     * @return per model, the factor {@code ||delta|| / ||delta * mask||} in the given norm (1 for models whose
     *     mask is null or when a norm is below {@link #MIN_NORM})
     */
    public static float[] normFactors(TensorGroup g, Selection[] masks, Norm norm) {
        int n = masks.length;
        double[] acc;
        if (norm == Norm.LINF) {
            // maxima per chunk, combined afterwards: max is exact in any order
            double[][] perChunk = new double[g.flat().chunks()][];
            g.forEach(g.flat(), c -> perChunk[c.index()] = sums(c, masks, norm, new double[2 * n]));
            acc = new double[2 * n];
            for (double[] p : perChunk) {
                for (int s = 0; s < acc.length; s++) {
                    acc[s] = Math.max(acc[s], p[s]);
                }
            }
        } else {
            acc = g.reduce(g.flat(), 2 * n, (c, a) -> sums(c, masks, norm, a));
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double full = acc[2 * i];
            double kept = acc[2 * i + 1];
            if (norm == Norm.L2) {
                full = Math.sqrt(full);
                kept = Math.sqrt(kept);
            }
            out[i] = masks[i] == null || full < MIN_NORM || kept < MIN_NORM ? 1f : (float) (full / kept);
        }
        return out;
    }

    /** Adds (or maxes, for L-infinity) a chunk's full and kept norms of every model into {@code a}. */
    private static double[] sums(Chunk c, Selection[] masks, Norm norm, double[] a) {
        for (int i = 0; i < masks.length; i++) {
            Selection m = masks[i];
            if (m == null) {
                continue;
            }
            float[] d = c.delta(i);
            int from = c.from();
            double full = a[2 * i];
            double kept = a[2 * i + 1];
            int len = c.length();
            float[] bits = c.scratch(0);
            m.weights(from, len, d, bits);
            if (norm == Norm.LINF) {
                for (int j = 0; j < len; j++) {
                    double v = Math.abs(d[j]);
                    full = Math.max(full, v);
                    kept = Math.max(kept, v * bits[j]);
                }
            } else {
                // four independent partial sums per norm: a fixed order (deterministic) without one long chain
                double f0 = 0;
                double f1 = 0;
                double f2 = 0;
                double f3 = 0;
                double k0 = 0;
                double k1 = 0;
                double k2 = 0;
                double k3 = 0;
                int j = 0;
                boolean l2 = norm == Norm.L2;
                for (; j + 4 <= len; j += 4) {
                    double v0 = l2 ? (double) d[j] * d[j] : Math.abs(d[j]);
                    double v1 = l2 ? (double) d[j + 1] * d[j + 1] : Math.abs(d[j + 1]);
                    double v2 = l2 ? (double) d[j + 2] * d[j + 2] : Math.abs(d[j + 2]);
                    double v3 = l2 ? (double) d[j + 3] * d[j + 3] : Math.abs(d[j + 3]);
                    f0 += v0;
                    f1 += v1;
                    f2 += v2;
                    f3 += v3;
                    k0 += v0 * bits[j];
                    k1 += v1 * bits[j + 1];
                    k2 += v2 * bits[j + 2];
                    k3 += v3 * bits[j + 3];
                }
                for (; j < len; j++) {
                    double v = l2 ? (double) d[j] * d[j] : Math.abs(d[j]);
                    f0 += v;
                    k0 += v * bits[j];
                }
                full += (f0 + f1) + (f2 + f3);
                kept += (k0 + k1) + (k2 + k3);
            }
            a[2 * i] = full;
            a[2 * i + 1] = kept;
        }
        return a;
    }

    /** @return {@code norm(orig) / norm(masked)}, the factor mergekit applies (1 if a norm is below the guard) */
    public static double factor(float[] orig, float[] masked, Norm norm) {
        double a = norm(orig, norm);
        double b = norm(masked, norm);
        return a < MIN_NORM || b < MIN_NORM ? 1.0 : a / b;
    }

    /** @return the L1, L2 or L-infinity norm of {@code x} */
    public static double norm(float[] x, Norm norm) {
        double acc = 0;
        for (float v : x) {
            switch (norm) {
                case L1 -> acc += Math.abs(v);
                case L2 -> acc += (double) v * v;
                case LINF -> acc = Math.max(acc, Math.abs(v));
                default -> throw new IllegalArgumentException(norm + " is not a norm");
            }
        }
        return norm == Norm.L2 ? Math.sqrt(acc) : acc;
    }
}
