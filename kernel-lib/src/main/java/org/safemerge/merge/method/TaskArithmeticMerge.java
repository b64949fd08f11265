package org.safemerge.merge.method;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Chunk;
import org.safemerge.merge.MergeMethod;
import org.safemerge.merge.MergeParams;
import org.safemerge.merge.ParameterSpec;
import org.safemerge.merge.PlanGroups;
import org.safemerge.merge.Selection;
import org.safemerge.merge.TensorGroup;
import org.safemerge.merge.sparsify.DellaSparsifier;
import org.safemerge.merge.sparsify.GlobalMagnitude;
import org.safemerge.merge.sparsify.MagnitudeSparsifier;
import org.safemerge.merge.sparsify.OutlierSparsifier;
import org.safemerge.merge.sparsify.RandomSparsifier;
import org.safemerge.merge.sparsify.Rescale;
import org.safemerge.merge.sparsify.SparseDelta;
import org.safemerge.tensor.FloatTensor;

/**
 * The generalised task-arithmetic family, one configured class registered as {@code task_arithmetic}, {@code ties},
 * {@code dare_ties}, {@code dare_linear}, {@code breadcrumbs}, {@code breadcrumbs_ties}, {@code della} and
 * {@code della_linear} (a sparsifier x sign consensus x defaults).
 *
 * <p>Per tensor, with base {@code theta_0}:
 * <ol>
 *   <li>task vectors {@code delta_i = theta_i - theta_0};</li>
 *   <li>sparsify each with its own {@code density} (and {@code gamma} / {@code epsilon}), rescaling what is kept
 *       when {@code rescale} is true (mergekit: to the tensor's L1 norm);</li>
 *   <li>weight: {@code tau_i = w_i delta_i};</li>
 *   <li>with consensus (the {@code _ties} variants, {@code ties}, {@code della}): elect the sign of
 *       {@code sum_i tau_i} per entry (zero counts as +), keep only agreeing non-zero entries;
 *       {@code mixed = sum tau_i [agree]}, {@code divisor = sum w_i [agree]} (0 becomes 1); without consensus
 *       {@code mixed = sum tau_i}, {@code divisor = sum w_i} (|divisor| &lt; 1e-8 becomes 1);</li>
 *   <li>{@code normalize}: divide by the divisor; multiply by {@code lambda}; {@code out = theta_0 + mixed}.</li>
 * </ol>
 *
 * <p>Paper variants as explicit global options (mergekit's behaviour is the default, so recipes port):
 * <ul>
 *   <li>{@code rescale_mode}: {@code l1} (default), {@code l2}, {@code linf}, or {@code inverse_probability}
 *       (DARE / DELLA papers: divide each kept entry by its keep probability; for deterministic sparsifiers by the
 *       fraction kept).</li>
 *   <li>{@code sign_election} (consensus variants): {@code weighted} (default, mergekit: elect on
 *       {@code w_i delta_i}, divide by the agreeing weights) or {@code unweighted} (TIES paper, PEFT: elect on
 *       {@code delta_i}, divide by the number of agreeing models).</li>
 *   <li>{@code topk_scope} ({@code ties}): {@code tensor} (default) or {@code model} (top-k over each model's whole
 *       task vector, as the TIES paper's code).</li>
 * </ul>
 *
 * @see <a href="https://arxiv.org/abs/2212.04089">Task arithmetic (Ilharco et al., 2023)</a>
 */
public final class TaskArithmeticMerge implements MergeMethod {
    /** How task vectors are sparsified. */
    public enum Sparsification { NONE, MAGNITUDE, RANDOM, MAGNITUDE_OUTLIERS, DELLA_MAGPRUNE }

    private final String id;
    private final String title;
    private final String url;
    private final Sparsification sparsification;
    private final boolean consensus;
    private final boolean normalize;
    private final boolean rescale;

    private TaskArithmeticMerge(String id, String title, String url, Sparsification sparsification, boolean consensus,
                                boolean normalize, boolean rescale) {
        this.id = id;
        this.title = title;
        this.url = url;
        this.sparsification = sparsification;
        this.consensus = consensus;
        this.normalize = normalize;
        this.rescale = rescale;
    }

    /** @return the eight registered variants, with mergekit's ids and defaults */
    public static List<TaskArithmeticMerge> variants() {
        return List.of(
                new TaskArithmeticMerge("task_arithmetic", "Task Arithmetic", "https://arxiv.org/abs/2212.04089",
                        Sparsification.NONE, false, false, false),
                new TaskArithmeticMerge("ties", "TIES-Merging", "https://arxiv.org/abs/2306.01708",
                        Sparsification.MAGNITUDE, true, true, false),
                new TaskArithmeticMerge("dare_ties", "DARE + TIES", "https://arxiv.org/abs/2311.03099",
                        Sparsification.RANDOM, true, false, true),
                new TaskArithmeticMerge("dare_linear", "DARE + Task Arithmetic", "https://arxiv.org/abs/2311.03099",
                        Sparsification.RANDOM, false, false, true),
                new TaskArithmeticMerge("breadcrumbs", "Model Breadcrumbs", "https://arxiv.org/abs/2312.06795",
                        Sparsification.MAGNITUDE_OUTLIERS, false, false, false),
                new TaskArithmeticMerge("breadcrumbs_ties", "Model Breadcrumbs + TIES",
                        "https://arxiv.org/abs/2312.06795", Sparsification.MAGNITUDE_OUTLIERS, true, false, false),
                new TaskArithmeticMerge("della", "DELLA", "https://arxiv.org/abs/2406.11617",
                        Sparsification.DELLA_MAGPRUNE, true, true, true),
                new TaskArithmeticMerge("della_linear", "DELLA + Task Arithmetic", "https://arxiv.org/abs/2406.11617",
                        Sparsification.DELLA_MAGPRUNE, false, false, true));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public String paperUrl() {
        return url;
    }

    /** @return how this variant sparsifies */
    public Sparsification sparsification() {
        return sparsification;
    }

    /** @return true if this variant elects signs (TIES consensus) */
    public boolean consensus() {
        return consensus;
    }

    @Override
    public BaseRole baseRole() {
        return BaseRole.REQUIRED;
    }

    @Override
    public int minModels() {
        return 1;
    }

    @Override
    public int maxModels() {
        return Integer.MAX_VALUE;
    }

    @Override
    public EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.BASE_SHAPE;
    }

    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> p = new ArrayList<>();
        p.add(ParameterSpec.number("weight", null, "weight of the model's task vector").perModel());
        ParameterSpec density = ParameterSpec.number("density", 1.0, "fraction of the task vector kept").perModel()
                .range(v -> v >= 0 && v <= 1, "between 0 and 1");
        p.add(sparsification == Sparsification.NONE
                ? ParameterSpec.number("density", 1.0, "ignored: task_arithmetic does not sparsify").perModel()
                .range(v -> v >= 0 && v <= 1, "between 0 and 1").ignored() : density);
        if (sparsification == Sparsification.MAGNITUDE_OUTLIERS) {
            p.add(ParameterSpec.number("gamma", 0.01, "fraction of largest-magnitude outliers dropped").perModel()
                    .range(v -> v >= 0 && v <= 1, "between 0 and 1"));
        }
        if (sparsification == Sparsification.DELLA_MAGPRUNE) {
            p.add(ParameterSpec.number("epsilon", 0.15, "half-width of the keep-probability band").perModel()
                    .range(v -> v >= 0 && v < 1, "at least 0 and below 1"));
        }
        p.add(ParameterSpec.bool("normalize", normalize, "divide by the sum of the (agreeing) weights"));
        p.add(ParameterSpec.bool("rescale", rescale, "rescale what the sparsifier keeps"));
        p.add(ParameterSpec.number("lambda", 1.0, "factor on the merged task vector"));
        p.add(ParameterSpec.bool("int8_mask", false, "ignored: a memory option in mergekit").ignored());
        p.add(ParameterSpec.choice("rescale_mode", "l1",
                "how rescale works: norm-matching (mergekit) or inverse keep probability (papers)",
                "l1", "l2", "linf", "inverse_probability"));
        if (consensus) {
            p.add(ParameterSpec.choice("sign_election", "weighted",
                    "elect signs on weighted (mergekit) or unweighted (TIES paper) task vectors",
                    "weighted", "unweighted"));
        }
        if (sparsification == Sparsification.MAGNITUDE) {
            p.add(ParameterSpec.choice("topk_scope", "tensor",
                    "top-k per tensor (mergekit) or over each model's whole task vector (TIES paper)",
                    "tensor", "model"));
        }
        return p;
    }

    @Override
    public void check(MergeParams p) {
        if (sparsification == Sparsification.DELLA_MAGPRUNE) {
            double[] density = p.perModel("density");
            double[] epsilon = p.perModel("epsilon");
            for (int i = 0; i < density.length; i++) {
                DellaSparsifier.check(density[i], epsilon[i]);
            }
        }
    }

    @Override
    public Object prepare(PlanGroups groups) {
        if (sparsification != Sparsification.MAGNITUDE) {
            return null;
        }
        List<Integer> wide = new ArrayList<>();
        for (int i = 0; i < groups.tensors().size(); i++) {
            if ("model".equals(groups.tensors().get(i).params().choice("topk_scope"))) {
                wide.add(i);
            }
        }
        return wide.isEmpty() ? null : GlobalMagnitude.thresholds(groups, wide);
    }

    @Override
    public FloatTensor merge(TensorGroup g, MergeParams p) {
        return g.map(outputPass(g, p));
    }

    @Override
    public TensorGroup.OutputPass outputPass(TensorGroup g, MergeParams p) {
        int n = g.size();
        SparseDelta[] sparse = sparsify(g, p);
        float[] w = new float[n];
        double weightSum = 0;
        for (int i = 0; i < n; i++) {
            w[i] = (float) p.perModel("weight")[i];
            weightSum += p.perModel("weight")[i];
        }
        boolean norm = p.flag("normalize");
        float lambda = (float) p.number("lambda");
        if (!consensus) {
            float divisor = norm ? (float) (Math.abs(weightSum) < 1e-8 ? 1 : weightSum) : 1f;
            return new TensorGroup.OutputPass(g.flat(), (c, out) -> linear(c, sparse, w, divisor, lambda, out));
        }
        boolean weighted = p.choice("sign_election").equals("weighted");
        return new TensorGroup.OutputPass(g.flat(), (c, out) -> ties(c, sparse, w, weighted, norm, lambda, out));
    }

    /** out = base + lambda * sum(w_i tau_i) / divisor. */
    private static void linear(Chunk c, SparseDelta[] sparse, float[] w, float divisor, float lambda, float[] out) {
        int len = c.length();
        float[] acc = c.scratch(0);
        java.util.Arrays.fill(acc, 0, len, 0f);
        for (int i = 0; i < sparse.length; i++) {
            float[] d = c.delta(i);
            sparse[i].applyTo(d, c.from(), len, c.scratch(1));
            float wi = w[i];
            for (int j = 0; j < len; j++) {
                acc[j] += wi * d[j];
            }
        }
        float[] b = c.base();
        for (int j = 0; j < len; j++) {
            out[j] = b[j] + acc[j] / divisor * lambda;
        }
    }

    /**
     * TIES: sign election, disjoint (weighted) mean of the agreeing entries. Works through the chunk in
     * {@link Chunk#PART}-element parts, so that every model's task vector part and the sums stay in the caches
     * from decoding to output.
     */
    private static void ties(Chunk c, SparseDelta[] sparse, float[] w, boolean weighted, boolean normalize,
                             float lambda, float[] out) {
        int n = sparse.length;
        float[] sum = c.scratch(0);
        float[] mixed = c.scratch(1);
        float[] divisor = c.scratch(2);
        float[] bits = c.scratch(3);
        int[] signBits = c.ints(0, Chunk.PART);
        float[][] d = new float[n][];
        for (int off = 0; off < c.length(); off += Chunk.PART) {
            int len = Math.min(Chunk.PART, c.length() - off);
            java.util.Arrays.fill(sum, 0, len, 0f);
            java.util.Arrays.fill(mixed, 0, len, 0f);
            java.util.Arrays.fill(divisor, 0, len, 0f);
            for (int i = 0; i < n; i++) {
                d[i] = c.delta(i, off, len);
                sparse[i].applyTo(d[i], c.from() + off, len, bits);
                float k = weighted ? w[i] : 1f;
                float[] di = d[i];
                for (int j = 0; j < len; j++) {
                    sum[j] += k * di[j];
                }
            }
            electedSigns(sum, len, signBits);
            for (int i = 0; i < n; i++) {
                float[] di = d[i];
                float wi = w[i];
                float k = weighted ? wi : 1f;
                float share = weighted ? wi : 1f;
                for (int j = 0; j < len; j++) {
                    // 1 where the entry is non-zero and has the elected sign, else 0, without branches (the signs
                    // are random-looking, so branches would mispredict half the time)
                    float agree = positive(k * di[j] * sum[j]);
                    mixed[j] += agree * (wi * di[j]);
                    divisor[j] += agree * share;
                }
            }
            float[] b = c.base(off, len);
            // the part's result goes to its own buffer first: C2 vectorises loops whose arrays share one index
            float[] result = c.scratch(4);
            if (normalize) {
                for (int j = 0; j < len; j++) {
                    float dv = divisor[j];
                    result[j] = b[j] + mixed[j] / (dv + zero(dv)) * lambda; // a zero divisor becomes 1
                }
            } else {
                for (int j = 0; j < len; j++) {
                    result[j] = b[j] + mixed[j] * lambda;
                }
            }
            System.arraycopy(result, 0, out, off, len);
        }
    }

    /**
     * Replaces {@code sum[0 ..< len]} by {@code Math.copySign(1f, sum[j])}, the elected signs (a zero sum, always +0
     * here, elects +), through the bits: C2 does not vectorise {@code copySign}, but does bulk copies between float
     * and int arrays and the int masking in between.
     */
    private static void electedSigns(float[] sum, int len, int[] bits) {
        java.lang.foreign.MemorySegment sums = java.lang.foreign.MemorySegment.ofArray(sum);
        java.lang.foreign.MemorySegment.copy(sums, java.lang.foreign.ValueLayout.JAVA_INT, 0, bits, 0, len);
        for (int j = 0; j < len; j++) {
            bits[j] = (bits[j] & 0x80000000) | 0x3F800000; // the sign bit of the sum on the bits of 1f
        }
        java.lang.foreign.MemorySegment.copy(bits, 0, sums, java.lang.foreign.ValueLayout.JAVA_INT, 0, len);
    }

    /** Scaling any positive float (subnormals included) by it twice reaches at least 1: 2^-149 * 2^200 = 2^51. */
    private static final float HUGE = 0x1p100f;

    /** @return 1 if {@code x > 0} (so 0 for +0, -0 and negatives), exactly, with float operations only */
    static float positive(float x) {
        return Math.min(1f, Math.max(0f, x) * HUGE * HUGE); // min/max/mul vectorise; no branch on random signs
    }

    /** @return 1 if {@code x} is +0 or -0, else 0, exactly, with float operations only */
    static float zero(float x) {
        return 1f - Math.min(1f, Math.abs(x) * HUGE * HUGE);
    }

    /** @return what each model keeps of its task vector, rescaled as asked */
    private SparseDelta[] sparsify(TensorGroup g, MergeParams p) {
        int n = g.size();
        SparseDelta[] out = new SparseDelta[n];
        if (sparsification == Sparsification.NONE) {
            java.util.Arrays.fill(out, SparseDelta.DENSE);
            return out;
        }
        double[] density = p.perModel("density");
        boolean inverse = p.choice("rescale_mode").equals("inverse_probability");
        boolean doRescale = p.flag("rescale");
        // what each model keeps: rules evaluated on the fly where possible (top-k cut, random draws), else masks
        Selection[] masks;
        float[][] elementScale = new float[n][];
        switch (sparsification) {
            case MAGNITUDE -> {
                @SuppressWarnings("unchecked")
                Map<String, Long> wide = (Map<String, Long>) g.prepared();
                masks = wide != null && p.choice("topk_scope").equals("model")
                        ? GlobalMagnitude.masks(g, wide) : MagnitudeSparsifier.select(g, density);
            }
            case RANDOM -> masks = RandomSparsifier.select(g, density);
            case MAGNITUDE_OUTLIERS -> masks = OutlierSparsifier.masks(g, density, p.perModel("gamma"));
            case DELLA_MAGPRUNE -> {
                DellaSparsifier.Result r = DellaSparsifier.masks(g, density, p.perModel("epsilon"),
                        doRescale && inverse);
                masks = r.masks();
                if (r.inverseProbability() != null) {
                    elementScale = r.inverseProbability();
                }
            }
            default -> throw new IllegalStateException(sparsification.toString());
        }
        float[] factor = new float[n];
        java.util.Arrays.fill(factor, 1f);
        if (doRescale && !inverse) {
            factor = Rescale.normFactors(g, masks, Rescale.Norm.parse(p.choice("rescale_mode")));
        } else if (doRescale) {
            for (int i = 0; i < n; i++) {
                if (masks[i] == null || sparsification == Sparsification.DELLA_MAGPRUNE) {
                    continue;
                }
                if (sparsification == Sparsification.RANDOM) {
                    factor[i] = density[i] > 0 ? (float) (1 / density[i]) : 1f;
                } else {
                    long kept = masks[i].count();
                    factor[i] = kept > 0 ? (float) ((double) g.numel() / kept) : 1f;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] = masks[i] == null ? SparseDelta.DENSE : new SparseDelta(masks[i], factor[i], elementScale[i]);
        }
        return out;
    }
}
