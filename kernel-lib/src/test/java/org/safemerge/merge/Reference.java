package org.safemerge.merge;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * An independent float64 re-derivation of the merge methods for tests: whole arrays, plain loops and sorts written
 * from the formulas in REFERENCE.md, sharing no code with the engine. Task vectors are formed in float32 (as the
 * engine and mergekit do) so that rankings by magnitude agree exactly; everything after that runs in double.
 */
public final class Reference {
    private Reference() {
    }

    /** @return float32 task vector a - b, widened */
    public static double[] delta(float[] a, float[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = b == null ? a[i] : (float) (a[i] - b[i]);
        }
        return d;
    }

    public static double[] linear(float[][] x, double[] w, boolean normalize) {
        double sum = Arrays.stream(w).sum();
        double[] out = new double[x[0].length];
        for (int j = 0; j < out.length; j++) {
            for (int i = 0; i < x.length; i++) {
                out[j] += w[i] * x[i][j];
            }
            out[j] /= normalize ? sum : 1;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] widen(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    public static double[] slerp(double t, float[] v0f, float[] v1f) {
        double[] v0 = widen(v0f);
        double[] v1 = widen(v1f);
        double n0 = Math.sqrt(dot(v0, v0));
        double n1 = Math.sqrt(dot(v1, v1));
        double cos = dot(v0, v1) / (n0 > 1e-8 ? n0 : 1) / (n1 > 1e-8 ? n1 : 1);
        double c0;
        double c1;
        if (Math.abs(cos) > 0.9995) {
            c0 = 1 - t;
            c1 = t;
        } else {
            double om = Math.acos(cos);
            c0 = Math.sin((1 - t) * om) / Math.sin(om);
            c1 = Math.sin(t * om) / Math.sin(om);
        }
        double[] out = new double[v0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c0 * v0[i] + c1 * v1[i];
        }
        return out;
    }

    /** NuSLERP of two vectors (no threshold, lerp when |sin| < 1e-8, norms clamped at 1e-8). */
    static double[] nuslerpVec(double t, double[] v0, double[] v1) {
        double n0 = Math.max(Math.sqrt(dot(v0, v0)), 1e-8);
        double n1 = Math.max(Math.sqrt(dot(v1, v1)), 1e-8);
        double cos = Math.max(-1, Math.min(1, dot(v0, v1) / (n0 * n1)));
        double om = Math.acos(cos);
        double s = Math.sin(om);
        double c0 = Math.abs(s) < 1e-8 ? 1 - t : Math.sin((1 - t) * om) / s;
        double c1 = Math.abs(s) < 1e-8 ? t : Math.sin(t * om) / s;
        double[] out = new double[v0.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = c0 * v0[i] + c1 * v1[i];
        }
        return out;
    }

    /** @param mode 0 flatten, 1 rows of the last dim, 2 vectors along dim 0 */
    public static double[] nuslerp(float[] base, float[] a, float[] b, double w1, double w2, int rows, int cols,
                                   int mode) {
        double t = Math.abs(w1 + w2) < 1e-6 ? 0.5 : w2 / (w1 + w2);
        double[] d0 = delta(a, base);
        double[] d1 = delta(b, base);
        double[] out = new double[d0.length];
        if (mode == 0) {
            out = nuslerpVec(t, d0, d1);
        } else if (mode == 1) {
            for (int r = 0; r < rows; r++) {
                double[] s = nuslerpVec(t, Arrays.copyOfRange(d0, r * cols, (r + 1) * cols),
                        Arrays.copyOfRange(d1, r * cols, (r + 1) * cols));
                System.arraycopy(s, 0, out, r * cols, cols);
            }
        } else {
            for (int c = 0; c < cols; c++) {
                double[] x = new double[rows];
                double[] y = new double[rows];
                for (int r = 0; r < rows; r++) {
                    x[r] = d0[r * cols + c];
                    y[r] = d1[r * cols + c];
                }
                double[] s = nuslerpVec(t, x, y);
                for (int r = 0; r < rows; r++) {
                    out[r * cols + c] = s[r];
                }
            }
        }
        if (base != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] += base[i];
            }
        }
        return out;
    }

    public static double[] multislerp(float[] base, float[][] x, double[] w, double eps) {
        int n = x.length;
        double sw = Arrays.stream(w).sum();
        double[] wn = Arrays.stream(w).map(v -> v / sw).toArray();
        double[][] v = new double[n][];
        double[][] u = new double[n][];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = delta(x[i], base);
            norm[i] = Math.sqrt(dot(v[i], v[i]));
            double k = 1 / (norm[i] + eps);
            u[i] = Arrays.stream(v[i]).map(e -> e * k).toArray();
        }
        int len = v[0].length;
        double[] m = new double[len];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < len; j++) {
                m[j] += wn[i] * u[i][j];
            }
        }
        double mn = Math.sqrt(dot(m, m));
        for (int j = 0; j < len; j++) {
            m[j] /= mn;
        }
        double[] tan = new double[len];
        for (int i = 0; i < n; i++) {
            double c = dot(u[i], m);
            for (int j = 0; j < len; j++) {
                tan[j] += wn[i] * (u[i][j] - c * m[j]);
            }
        }
        double tn = Math.sqrt(dot(tan, tan)) + eps;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += wn[i] * norm[i];
        }
        double[] out = new double[len];
        for (int j = 0; j < len; j++) {
            out[j] = scale * (Math.cos(tn) * m[j] + Math.sin(tn) / tn * tan[j]) + (base == null ? 0 : base[j]);
        }
        return out;
    }

    public static double[] karcher(float[][] x, int maxIter, double tol) {
        int n = x.length;
        int len = x[0].length;
        double[][] u = new double[n][];
        double[] norm = new double[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double[] v = widen(x[i]);
            norm[i] = Math.sqrt(dot(v, v));
            if (norm[i] > tol) {
                kept++;
                double k = norm[i];
                u[i] = Arrays.stream(v).map(e -> e / k).toArray();
            }
        }
        double a = 1.0 / kept;
        double[] mean = new double[len];
        for (int i = 0; i < n; i++) {
            if (u[i] != null) {
                for (int j = 0; j < len; j++) {
                    mean[j] += a * u[i][j];
                }
            }
        }
        double mn = Math.sqrt(dot(mean, mean));
        double[] cur = Arrays.stream(mean).map(e -> e / mn).toArray();
        for (int it = 0; it < maxIter; it++) {
            double[] tan = new double[len];
            for (int i = 0; i < n; i++) {
                if (u[i] == null) {
                    continue;
                }
                double c = Math.max(-1, Math.min(1, dot(cur, u[i])));
                double th = Math.acos(c);
                if (th < tol) {
                    continue;
                }
                for (int j = 0; j < len; j++) {
                    tan[j] += a * th / Math.sin(th) * (u[i][j] - c * cur[j]);
                }
            }
            double tn = Math.sqrt(dot(tan, tan));
            if (tn < tol) {
                break;
            }
            for (int j = 0; j < len; j++) {
                cur[j] = Math.cos(tn) * cur[j] + Math.sin(tn) * tan[j] / tn;
            }
            double cn = Math.sqrt(dot(cur, cur));
            for (int j = 0; j < len; j++) {
                cur[j] /= cn;
            }
        }
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale += u[i] == null ? 0 : a * norm[i];
        }
        double s = scale;
        return Arrays.stream(cur).map(e -> e * s).toArray();
    }

    /** @return indices sorted by (|d|, index) ascending */
    static Integer[] ascending(double[] d) {
        Integer[] idx = IntStream.range(0, d.length).boxed().toArray(Integer[]::new);
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> Math.abs(d[i])).thenComparingInt(i -> i));
        return idx;
    }

    /** Keeps the top int(density n) by magnitude (ties: higher index kept). */
    public static double[] magnitude(double[] d, double density) {
        if (density >= 1) {
            return d.clone();
        }
        int k = (int) (density * d.length);
        Integer[] idx = ascending(d);
        double[] out = new double[d.length];
        for (int p = d.length - k; p < d.length; p++) {
            out[idx[p]] = d[idx[p]];
        }
        return out;
    }

    /** Breadcrumbs' band [n_bot, N - n_top) of the ascending magnitude order. */
    public static double[] outliers(double[] d, double density, double gamma) {
        if (density >= 1) {
            return d.clone();
        }
        int n = d.length;
        int target = (int) (density * n);
        int top = (int) (gamma * n);
        int bot = n - target - top;
        if (bot < 0) {
            top += bot;
            bot = 0;
        }
        Integer[] idx = ascending(d);
        double[] out = new double[n];
        for (int p = bot; p < n - top; p++) {
            out[idx[p]] = d[idx[p]];
        }
        return out;
    }

    /**
     * The task-arithmetic family on already sparsified task vectors.
     *
     * @param consensus 0 none, 1 weighted sign election (mergekit), 2 unweighted (paper)
     */
    public static double[] taskArithmetic(float[] base, double[][] tau, double[] w, int consensus,
                                          boolean normalize, double lambda) {
        int len = base.length;
        double[] out = new double[len];
        for (int j = 0; j < len; j++) {
            double mixed = 0;
            double div = 0;
            if (consensus == 0) {
                for (int i = 0; i < tau.length; i++) {
                    mixed += w[i] * tau[i][j];
                    div += w[i];
                }
                if (Math.abs(div) < 1e-8) {
                    div = 1;
                }
            } else {
                double s = 0;
                for (int i = 0; i < tau.length; i++) {
                    s += (consensus == 1 ? w[i] : 1) * tau[i][j];
                }
                for (int i = 0; i < tau.length; i++) {
                    double v = (consensus == 1 ? w[i] : 1) * tau[i][j];
                    boolean agree = s >= 0 ? v > 0 : v < 0;
                    if (agree) {
                        mixed += w[i] * tau[i][j];
                        div += consensus == 1 ? w[i] : 1;
                    }
                }
                if (div == 0) {
                    div = 1;
                }
            }
            out[j] = base[j] + (normalize ? mixed / div : mixed) * lambda;
        }
        return out;
    }

    public static double[] modelStock(float[] base, float[][] x, boolean rowWise, int rows, int cols) {
        int n = x.length;
        double[] out = new double[base.length];
        int r0 = rowWise ? rows : 1;
        int c0 = rowWise ? cols : base.length;
        for (int r = 0; r < r0; r++) {
            double[][] d = new double[n][];
            for (int i = 0; i < n; i++) {
                d[i] = Arrays.copyOfRange(delta(x[i], base), r * c0, (r + 1) * c0);
            }
            double sum = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                for (int k = i + 1; k < n; k++) {
                    double c = dot(d[i], d[k]) / Math.max(Math.sqrt(dot(d[i], d[i])) * Math.sqrt(dot(d[k], d[k])), 1e-6);
                    sum += Math.max(-1, Math.min(1, c));
                    pairs++;
                }
            }
            double cos = sum / pairs;
            double t = n * cos / (1 + (n - 1) * cos);
            for (int j = r * c0; j < (r + 1) * c0; j++) {
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    mean += x[i][j];
                }
                out[j] = t * mean / n + (1 - t) * base[j];
            }
        }
        return out;
    }

    public static double[] nearswap(float[] base, float[] x, double t) {
        double[] out = new double[base.length];
        for (int j = 0; j < out.length; j++) {
            double w = Math.min(1, Math.max(0, t / Math.max(Math.abs((double) base[j] - x[j]), 1e-6)));
            out[j] = w * x[j] + (1 - w) * base[j];
        }
        return out;
    }

    public static double[] ram(float[] base, float[][] x, double eps, boolean plus, double r, double alpha) {
        int n = x.length;
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) {
            d[i] = delta(x[i], base);
        }
        int len = base.length;
        int[] count = new int[len];
        for (int j = 0; j < len; j++) {
            for (int i = 0; i < n; i++) {
                count[j] += Math.abs(d[i][j]) > eps ? 1 : 0;
            }
        }
        double[] lambda = new double[n];
        Arrays.fill(lambda, 1);
        if (plus) {
            for (int i = 0; i < n; i++) {
                double unique = 0;
                double shared = 0;
                for (int j = 0; j < len; j++) {
                    if (Math.abs(d[i][j]) > eps) {
                        unique += count[j] == 1 ? 1 : 0;
                        shared += count[j] > 1 ? 1 : 0;
                    }
                }
                lambda[i] = 1 + r * Math.max(0, Math.min(alpha, shared / Math.max(unique, eps)));
            }
        }
        double[] out = new double[len];
        for (int j = 0; j < len; j++) {
            out[j] = base[j];
            for (int i = 0; i < n; i++) {
                if (Math.abs(d[i][j]) > eps) {
                    out[j] += count[j] == 1 ? d[i][j] * lambda[i] : d[i][j] / count[j];
                }
            }
        }
        return out;
    }

    public static double[] sce(float[] base, float[][] x, double topk) {
        int n = x.length;
        int len = base.length;
        double[][] d = new double[n][];
        for (int i = 0; i < n; i++) {
            d[i] = delta(x[i], base);
        }
        if (topk < 1) {
            double[] var = new double[len];
            for (int j = 0; j < len; j++) {
                double m = 0;
                for (int i = 0; i < n; i++) {
                    m += d[i][j];
                }
                m /= n;
                for (int i = 0; i < n; i++) {
                    var[j] += (d[i][j] - m) * (d[i][j] - m);
                }
                var[j] /= n;
            }
            long nonzero = Arrays.stream(var).filter(v -> v != 0).count();
            int k = (int) (nonzero * topk);
            double[] keep = new double[len];
            Integer[] idx = ascending(var);
            for (int p = len - k; p < len; p++) {
                keep[idx[p]] = 1;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < len; j++) {
                    d[i][j] *= keep[j];
                }
            }
        }
        double[] c = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            c[i] = dot(d[i], d[i]) / len;
            total += c[i];
        }
        for (int i = 0; i < n; i++) {
            c[i] = total < 1e-6 ? 1.0 / n : c[i] / total;
        }
        double[] out = new double[len];
        for (int j = 0; j < len; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[i][j];
            }
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                boolean agree = s >= 0 ? d[i][j] > 0 : d[i][j] < 0;
                if (agree) {
                    num += c[i] * d[i][j];
                    den += c[i];
                }
            }
            out[j] = base[j] + num / Math.max(den, 1e-6);
        }
        return out;
    }

    public static double[] arceeFusion(float[] base, float[] x, int rows, int cols) {
        int len = base.length;
        double[] kl = new double[rows];
        for (int r = 0; r < rows; r++) {
            double[] p = softmax(x, r * cols, cols);
            double[] q = softmax(base, r * cols, cols);
            for (int j = 0; j < cols; j++) {
                double pj = p[j] + 1e-8;
                double qj = q[j] + 1e-8;
                kl[r] += pj * Math.log(pj / qj);
            }
        }
        double[] imp = new double[len];
        for (int j = 0; j < len; j++) {
            imp[j] = Math.abs((float) (x[j] - base[j])) * (float) Math.max(0, kl[j / cols]);
            imp[j] = (float) imp[j];
        }
        double[] sorted = imp.clone();
        Arrays.sort(sorted);
        double thr = quantile(sorted, 0.5) + 1.5 * (quantile(sorted, 0.75) - quantile(sorted, 0.25));
        double[] out = new double[len];
        for (int j = 0; j < len; j++) {
            out[j] = imp[j] >= thr ? x[j] : base[j];
        }
        return out;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[] softmax(float[] v, int off, int len) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            max = Math.max(max, v[off + j]);
        }
        double[] e = new double[len];
        double s = 0;
        for (int j = 0; j < len; j++) {
            e[j] = Math.exp(v[off + j] - max);
            s += e[j];
        }
        for (int j = 0; j < len; j++) {
            e[j] /= s;
        }
        return e;
    }
}
