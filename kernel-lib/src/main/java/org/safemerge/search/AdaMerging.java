package org.safemerge.search;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.knowm.xchart.internal.chartpart.Chart;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSpec;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.ModelSpec;
import org.safemerge.model.Weights;
import org.safemerge.notebook.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * AdaMerging (Yang et al. 2024, arXiv 2310.02575): task arithmetic {@code theta = theta0 + sum_k lambda_k tau_k}
 * whose coefficients are learned by gradient descent through the runtime's autograd
 * ({@link LanguageModel#tokenLoss} / {@link LanguageModel#forward} on weights built inside the graph), task-wise
 * (one lambda per expert) or layer-wise (one per expert and layer group).
 *
 * <ul>
 *   <li>Losses: {@link Loss#ENTROPY}, the original: the mean Shannon entropy of the next-token distributions at every
 *       position of unlabelled prompts (the data's prompts rendered with the chat template, answers unused);
 *       {@link Loss#CROSS_ENTROPY}, the paper's objective on minibatches: L_safety + alpha * L_expert (or L_expert
 *       for the D_expert-only mix).</li>
 *   <li>Optimiser: Adam (beta 0.9 / 0.999) on the coefficients, minibatches drawn with the seed; after every step the
 *       coefficients are clamped to [min, max] (default [0, 1]: projected gradient descent).</li>
 *   <li>Groups as in {@link Genome}: a decoder layer's tensors belong to its group, the embeddings to the first group,
 *       the final norm and LM head to the last, so the result is exactly a mergekit recipe: {@code task_arithmetic}
 *       (normalize false, lambda 1) with {@code models:} weights (task-wise) or one slice per layer group with each
 *       expert's weight (layer-wise). {@code safemerge merge} rebuilds it (rounded to the recipe's dtype).</li>
 * </ul>
 *
 * <pre>
 * SearchResult r = AdaMerging.run(objective, AdaMerging.Options.defaults().withSteps(100), null);
 * r.logs().get("loss");    // loss and every coefficient per step
 * </pre>
 */
public final class AdaMerging {
    private AdaMerging() {
    }

    /** One coefficient per expert, or one per expert and layer group. */
    public enum Granularity {
        TASK_WISE, LAYER_WISE
    }

    /** What the coefficients minimise. */
    public enum Loss {
        /** Prediction entropy on unlabelled prompts (the original AdaMerging). */
        ENTROPY,
        /** The objective's cross-entropy on its data (the safety-aware variant). */
        CROSS_ENTROPY
    }

    /**
     * How AdaMerging trains.
     *
     * @param granularity      task-wise or layer-wise (default layer-wise)
     * @param loss             entropy or cross-entropy (default cross-entropy)
     * @param steps            gradient steps (default 100)
     * @param learningRate     Adam's step size (default 0.01)
     * @param batchSize        pairs (or prompts) per half per step (default 16)
     * @param initialValue     every coefficient's start (default 0.3, as AdaMerging)
     * @param min              lower clamp (default 0)
     * @param max              upper clamp (default 1)
     * @param layerGranularity layers per group when layer-wise (default 1)
     * @param seed             seeds the minibatches (default 0)
     */
    public record Options(Granularity granularity, Loss loss, int steps, double learningRate, int batchSize,
                          double initialValue, double min, double max, int layerGranularity, long seed) {
        public Options {
            if (granularity == null || loss == null) {
                throw new IllegalArgumentException("granularity and loss must be set");
            }
            if (steps < 0) {
                throw new IllegalArgumentException("steps must be >= 0, got " + steps);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("the learning rate must be positive, got " + learningRate);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
            }
            if (!(min <= max) || !(initialValue >= min && initialValue <= max)) {
                throw new IllegalArgumentException("need min <= initial value <= max, got " + min + ", "
                        + initialValue + ", " + max);
            }
            if (layerGranularity < 1) {
                throw new IllegalArgumentException("the layer granularity must be at least 1, got " + layerGranularity);
            }
        }

        /** @return layer-wise cross-entropy, 100 steps, lr 0.01, batches of 16, start 0.3, clamp [0, 1], seed 0 */
        public static Options defaults() {
            return new Options(Granularity.LAYER_WISE, Loss.CROSS_ENTROPY, 100, 0.01, 16, 0.3, 0.0, 1.0, 1, 0);
        }

        public Options withGranularity(Granularity g) {
            return new Options(g, loss, steps, learningRate, batchSize, initialValue, min, max, layerGranularity, seed);
        }

        public Options withLoss(Loss l) {
            return new Options(granularity, l, steps, learningRate, batchSize, initialValue, min, max, layerGranularity,
                    seed);
        }

        public Options withSteps(int n) {
            return new Options(granularity, loss, n, learningRate, batchSize, initialValue, min, max, layerGranularity,
                    seed);
        }

        public Options withLearningRate(double lr) {
            return new Options(granularity, loss, steps, lr, batchSize, initialValue, min, max, layerGranularity, seed);
        }

        public Options withBatchSize(int n) {
            return new Options(granularity, loss, steps, learningRate, n, initialValue, min, max, layerGranularity,
                    seed);
        }

        public Options withInitialValue(double v) {
            return new Options(granularity, loss, steps, learningRate, batchSize, v, min, max, layerGranularity, seed);
        }

        public Options withRange(double lo, double hi) {
            return new Options(granularity, loss, steps, learningRate, batchSize, initialValue, lo, hi,
                    layerGranularity, seed);
        }

        public Options withLayerGranularity(int g) {
            return new Options(granularity, loss, steps, learningRate, batchSize, initialValue, min, max, g, seed);
        }

        public Options withSeed(long s) {
            return new Options(granularity, loss, steps, learningRate, batchSize, initialValue, min, max,
                    layerGranularity, s);
        }
    }

    /**
     * Learns the coefficients, then evaluates the start (every coefficient at its initial value) and the result
     * with the objective (and the evaluator, if any).
     *
     * @return two candidates (start, learned; the learned one is the result) and the log {@code loss} (step, loss,
     *     every coefficient after the step) with its chart
     * @throws IllegalArgumentException if the template has no base model or no expert besides it
     */
    public static SearchResult run(Objective objective, Options options, CandidateEvaluator evaluator) {
        MergePool pool = objective.pool();
        if (pool.base() == null) {
            throw new IllegalArgumentException("base_model: AdaMerging adds task vectors to a base model; the recipe"
                    + " names none");
        }
        List<String> experts = pool.experts();
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("models: AdaMerging needs at least one model besides the base "
                    + pool.base());
        }
        int layers = pool.layerCount();
        int step = options.granularity() == Granularity.TASK_WISE ? layers : options.layerGranularity();
        if (layers % step != 0) {
            throw new IllegalArgumentException("the layer granularity " + step + " does not divide the " + layers
                    + " layers of the model");
        }
        AdaCoefficients c = new AdaCoefficients(layers / step, step, experts, options);
        Table log = lossLog(c);
        try (SearchTracker tracker = new SearchTracker("adamerging", objective, evaluator, Selection.OBJECTIVE,
                options.steps() + 2)) {
            double[] start = c.values.clone();
            train(objective, pool, c, options, log, tracker);
            tracker.evaluate(c.label(start), c.parameters(start), c.recipe(pool.template(), start));
            tracker.evaluate(c.label(c.values), c.parameters(c.values), c.recipe(pool.template(), c.values));
            double[] steps = log.intColumn("step").asDoubleArray();
            Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
            if (steps.length > 0) {
                charts.put("loss", Plots.curves("AdaMerging " + options.loss().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-') + " loss", "step", "loss", steps, Map.of("loss", log.doubleColumn("loss").asDoubleArray())));
            }
            String description = String.format(Locale.ROOT, "AdaMerging %s, %s loss, %d steps of Adam (lr %s, batch"
                            + " %d), coefficients start %s clamped to [%s, %s], experts %s over base %s; objective %s",
                    options.granularity().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    options.loss().name().toLowerCase(Locale.ROOT).replace('_', '-'), options.steps(),
                    RecipeEdits.number(options.learningRate()), options.batchSize(),
                    RecipeEdits.number(options.initialValue()), RecipeEdits.number(options.min()),
                    RecipeEdits.number(options.max()), experts, pool.base(), objective.describe());
            return tracker.finish(description, 1, Map.of("loss", log), charts);
        }
    }

    // ------------------------------------------------------------------------------------------- training

    private static void train(Objective objective, MergePool pool, AdaCoefficients c, Options options, Table log,
                              SearchTracker tracker) {
        LanguageModel model = objective.model();
        ModelSpec spec = model.spec();
        DataType dtype = model.weights().dataType();
        Random random = new Random(options.seed());
        AdaLoss batches = AdaLoss.of(objective, options);
        double[] m = new double[c.values.length];
        double[] v = new double[c.values.length];
        try (NDManager store = model.manager().newSubManager()) {
            Map<String, NDArray> theta0 = new HashMap<>();
            Map<String, NDArray[]> tau = new HashMap<>();
            TensorSet base = pool.tensors(pool.base());
            for (TensorSpec t : spec.tensors()) {
                NDArray b = upload(store, base, t, dtype);                               // shape of t
                theta0.put(t.name(), b);
                NDArray[] deltas = new NDArray[c.experts.size()];
                for (int k = 0; k < deltas.length; k++) {
                    try (NDArray e = upload(store, pool.tensors(c.experts.get(k)), t, dtype)) {
                        deltas[k] = e.sub(b);                                            // tau_k, shape of t
                    }
                }
                tau.put(t.name(), deltas);
            }
            for (int s = 1; s <= options.steps(); s++) {
                double[] grad = new double[c.values.length];
                double loss;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray[] lambda = new NDArray[c.values.length];
                    for (int i = 0; i < lambda.length; i++) {
                        lambda[i] = model.manager().create(c.values[i]).toType(dtype, false);   // []
                        lambda[i].setRequiresGradient(true);
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        Weights w = merged(theta0, tau, lambda, c);
                        NDArray l = batches.loss(model, w, random);                      // []
                        gc.backward(l);
                        loss = l.toType(DataType.FLOAT64, false).getDouble();
                    }
                    for (int i = 0; i < lambda.length; i++) {
                        grad[i] = lambda[i].getGradient().toType(DataType.FLOAT64, false).getDouble();
                    }
                }
                adam(c.values, grad, m, v, s, options);
                appendLog(log, s, loss, c.values);
                tracker.step(String.format(Locale.ROOT, "step %d loss %.4f", s, loss));
            }
        }
    }

    private static NDArray upload(NDManager store, TensorSet source, TensorSpec t, DataType dtype) {
        NDArray a = store.create(source.get(t.name()).data(), new Shape(t.shape()));
        if (dtype == DataType.FLOAT32) {
            return a;
        }
        NDArray cast = a.toType(dtype, false);
        a.close();
        return cast;
    }

    /** theta0 + sum_k lambda[group, k] * tau_k, built per tensor on first use inside the current graph. */
    private static Weights merged(Map<String, NDArray> theta0, Map<String, NDArray[]> tau, NDArray[] lambda,
                                  AdaCoefficients c) {
        Map<String, NDArray> cache = new HashMap<>();
        return name -> cache.computeIfAbsent(name, n -> {
            NDArray base = theta0.get(n);
            if (base == null) {
                throw new IllegalArgumentException("no weight named '" + n + "' in the merged model");
            }
            int g = c.group(n);
            NDArray[] deltas = tau.get(n);
            NDArray out = base;
            for (int k = 0; k < deltas.length; k++) {
                out = out.add(deltas[k].mul(lambda[c.index(g, k)]));                     // shape of the tensor
            }
            return out;
        });
    }

    /** One Adam step (bias-corrected), then the clamp. */
    private static void adam(double[] x, double[] g, double[] m, double[] v, int t, Options o) {
        double b1 = 0.9;
        double b2 = 0.999;
        for (int i = 0; i < x.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mh = m[i] / (1 - Math.pow(b1, t));
            double vh = v[i] / (1 - Math.pow(b2, t));
            x[i] -= o.learningRate() * mh / (Math.sqrt(vh) + 1e-8);
            x[i] = Math.max(o.min(), Math.min(o.max(), x[i]));
        }
    }

    // ------------------------------------------------------------------------------------------- the log

    private static Table lossLog(AdaCoefficients c) {
        Table t = Table.create("AdaMerging loss", IntColumn.create("step"), DoubleColumn.create("loss"));
        for (int i = 0; i < c.values.length; i++) {
            t.addColumns(DoubleColumn.create(c.name(i)));
        }
        return t;
    }

    private static void appendLog(Table log, int step, double loss, double[] values) {
        log.intColumn("step").append(step);
        log.doubleColumn("loss").append(loss);
        for (int i = 0; i < values.length; i++) {
            log.doubleColumn(i + 2).append(values[i]);
        }
    }
}
