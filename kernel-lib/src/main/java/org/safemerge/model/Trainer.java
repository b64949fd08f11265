package org.safemerge.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.safemerge.progress.Progress;

/**
 * The training loop: per step, a length-bucketed batch, the mean target-token cross-entropy, backward, global
 * gradient-norm clipping and an AdamW update (decoupled weight decay on matrices only), under a warmup + cosine
 * schedule. Tensors outside {@link TrainingOptions#trainable()} take no gradient and are never touched. With
 * {@link TrainingOptions#minDeltaScale()} below 1, each step's loss is taken at a randomly scaled change from the
 * start weights ({@link DeltaScaling}), except for the examples marked full-scale.
 *
 * <p>DJL specifics handled here: each step runs in its own {@code NDScope} (without one, memory grows every step);
 * only one gradient collector may be open; gradients are never zeroed by DJL, so they are zeroed after each update;
 * parameters are updated in place through detached views (in-place updates of a leaf that requires grad are refused
 * inside autograd).
 */
final class Trainer {
    private Trainer() {
    }

    /**
     * @param fullScale indices of the examples whose loss is taken at the current weights even under scale noise
     *                  (ignored when the noise is off)
     */
    static TrainingReport train(Transformer model, ModelWeights weights, NDManager m, List<TokenExample> data,
                                BitSet fullScale, TrainingOptions o, int padId, TrainingListener listener) {
        if (data.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        if (fullScale.length() > data.size()) {
            throw new IllegalArgumentException("full-scale example " + (fullScale.length() - 1) + " is out of range:"
                    + " there are " + data.size() + " training examples");
        }
        for (int i = 0; i < data.size(); i++) {
            if (data.get(i).targetCount() == 0) {
                throw new IllegalArgumentException("training example " + i + " has no target tokens");
            }
        }
        int[] lengths = data.stream().mapToInt(TokenExample::length).toArray();
        BatchSampler sampler = new BatchSampler(lengths, o.batchSize(), o.seed());
        List<Param> params = new ArrayList<>();
        double[] losses = new double[o.steps()];
        double[] rates = new double[o.steps()];
        double[] norms = new double[o.steps()];
        long tokens = 0;
        long started = System.nanoTime();
        int taken = 0;
        try (NDManager state = m.newSubManager();
             Progress progress = Progress.start("Training", o.steps(), "steps")) {
            for (Map.Entry<String, NDArray> e : weights.arrays().entrySet()) {
                if (o.trains(e.getKey())) {
                    params.add(new Param(e.getKey(), e.getValue(), state));
                }
            }
            if (params.isEmpty()) {
                throw new IllegalArgumentException("trainable tensors: '" + o.trainable() + "' matches none of the"
                        + " model's " + weights.arrays().size() + " tensors (e.g. " + weights.arrays().keySet()
                        .iterator().next() + ")");
            }
            DeltaScaling scaling = new DeltaScaling(params, state, o);
            for (int step = 1; step <= o.steps(); step++) {
                double lr = o.learningRateAt(step);
                List<TokenExample> scaled = new ArrayList<>();       // the whole batch when the noise is off
                List<TokenExample> atFullScale = new ArrayList<>();
                long scaledTargets = 0;
                long fullScaleTargets = 0;
                for (int i : sampler.next()) {
                    TokenExample e = data.get(i);
                    if (scaling.isOn() && fullScale.get(i)) {
                        atFullScale.add(e);
                        fullScaleTargets += e.targetCount();
                    } else {
                        scaled.add(e);
                        scaledTargets += e.targetCount();
                    }
                }
                tokens += scaledTargets + fullScaleTargets;
                double loss;
                double norm;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray lossArray;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        lossArray = stepLoss(model, scaling.next(weights, m), weights, m, scaled, scaledTargets,
                                atFullScale, fullScaleTargets, padId);
                        collector.backward(lossArray);
                    }
                    loss = lossArray.toType(DataType.FLOAT64, false).getDouble();
                    norm = globalNorm(params);
                    if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "training diverged at step %d:"
                                + " loss %s, gradient norm %s (lower the learning rate or clip harder)", step, loss,
                                norm));
                    }
                    double clip = o.gradClip() > 0 && norm > o.gradClip() ? o.gradClip() / (norm + 1e-6) : 1.0;
                    for (Param p : params) {
                        p.adamw(step, lr, clip, o);
                    }
                }
                losses[step - 1] = loss;
                rates[step - 1] = lr;
                norms[step - 1] = norm;
                taken = step;
                progress.step();
                progress.message(String.format(Locale.ROOT, "loss %.4f", loss));
                if (listener != null && !listener.onStep(step, loss, lr, norm)) {
                    break;
                }
            }
        } finally {
            for (Param p : params) {
                p.release();
            }
        }
        return new TrainingReport(Arrays.copyOf(losses, taken), Arrays.copyOf(rates, taken),
                Arrays.copyOf(norms, taken), tokens, (System.nanoTime() - started) / 1e9);
    }

    /**
     * The step's mean target-token loss: {@code scaled} examples at the (possibly noise-scaled) weights, the
     * {@code atFullScale} ones at the current weights, the two means combined by their target-token counts.
     */
    private static NDArray stepLoss(Transformer model, Weights scaledWeights, Weights current, NDManager m,
                                    List<TokenExample> scaled, long scaledTargets, List<TokenExample> atFullScale,
                                    long fullScaleTargets, int padId) {
        if (atFullScale.isEmpty()) {
            return Scorer.meanLoss(model, scaledWeights, m, scaled, padId);
        }
        if (scaled.isEmpty()) {
            return Scorer.meanLoss(model, current, m, atFullScale, padId);
        }
        long all = scaledTargets + fullScaleTargets;
        NDArray scaledLoss = Scorer.meanLoss(model, scaledWeights, m, scaled, padId);
        NDArray fullScaleLoss = Scorer.meanLoss(model, current, m, atFullScale, padId);
        DataType type = scaledLoss.getDataType();
        return scaledLoss.mul(Transformer.scalar(m, (float) scaledTargets / all, type))
                .add(fullScaleLoss.mul(Transformer.scalar(m, (float) fullScaleTargets / all, type)));
    }

    private static double globalNorm(List<Param> params) {
        NDArray total = null;
        for (Param p : params) {
            NDArray g = p.value.getGradient();
            NDArray sq = g.mul(g).sum();
            total = total == null ? sq : total.add(sq);
        }
        return Math.sqrt(total.toType(DataType.FLOAT64, false).getDouble());
    }

    /**
     * Task-vector scale noise: each step draws s uniformly from [{@code minDeltaScale}, 1] and takes the loss at
     * {@code start + s * (current - start)} for every trained tensor, so the change being learned keeps working when
     * a merge scales it down. The gradient reaches the current weights through the scaled difference (times s).
     */
    private static final class DeltaScaling {
        private final Map<String, NDArray> start = new HashMap<>();
        private final Random rng;
        private final double min;

        DeltaScaling(List<Param> params, NDManager state, TrainingOptions o) {
            this.min = o.minDeltaScale();
            this.rng = new Random(o.seed() ^ 0x5CA1EL);
            if (min < 1) {
                for (Param p : params) {
                    NDArray copy = p.value.stopGradient().duplicate();
                    copy.attach(state);
                    start.put(p.name, copy);
                }
            }
        }

        boolean isOn() {
            return !start.isEmpty();
        }

        /**
         * @param m the step's manager (the scale lives as long as the step's scope)
         * @return the weights this step's loss is taken at (the current ones when scaling is off)
         */
        Weights next(ModelWeights current, NDManager m) {
            if (!isOn()) {
                return current;
            }
            NDArray s = Transformer.scalar(m, (float) (min + (1 - min) * rng.nextDouble()), current.dataType());
            return name -> {
                NDArray from = start.get(name);
                NDArray now = current.get(name);
                return from == null ? now : from.add(now.sub(from).mul(s));
            };
        }
    }

    /** One parameter with its Adam moments. */
    private static final class Param {
        private final String name;
        private final NDArray value;
        private final NDArray m;     // first moment, same shape
        private final NDArray v;     // second moment, same shape
        private final boolean decay;

        Param(String name, NDArray value, NDManager state) {
            this.name = name;
            this.value = value;
            this.m = Transformer.keep(state.zeros(value.getShape(), value.getDataType()));
            this.v = Transformer.keep(state.zeros(value.getShape(), value.getDataType()));
            this.decay = value.getShape().dimension() >= 2;   // matrices decay; norms and biases do not
            value.setRequiresGradient(true);
        }

        /** AdamW (Loshchilov and Hutter): p -= lr * (m_hat / (sqrt(v_hat) + eps) + wd * p). Outside autograd. */
        void adamw(int step, double lr, double clip, TrainingOptions o) {
            NDArray g = value.getGradient();
            if (clip != 1.0) {
                g = g.mul(clip);
            }
            m.muli(o.beta1()).addi(g.mul(1 - o.beta1()));
            v.muli(o.beta2()).addi(g.mul(g).muli(1 - o.beta2()));
            double c1 = 1 - Math.pow(o.beta1(), step);
            double c2 = 1 - Math.pow(o.beta2(), step);
            NDArray update = m.div(c1).div(v.div(c2).sqrt().addi(o.epsilon()));
            NDArray p = value.stopGradient();               // shares storage: an in-place update of the weight
            if (decay && o.weightDecay() > 0) {
                p.muli(1 - lr * o.weightDecay());
            }
            p.subi(update.muli(lr));
            JniUtils.zeroGrad((PtNDArray) value);            // DJL's collector never zeroes gradients
        }

        void release() {
            value.setRequiresGradient(false);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
