package org.safemerge.model;

/**
 * Hyperparameters of {@link LanguageModel#train}: AdamW with linear warmup and cosine decay, global gradient-norm
 * clipping, length-bucketed random batches, all from one seed.
 *
 * @param steps           optimizer steps (default 1000)
 * @param batchSize       examples per step (default 32)
 * @param learningRate    peak learning rate (default 1e-3)
 * @param minLearningRate learning rate at the end of the cosine (default learningRate / 10)
 * @param warmupSteps     steps of linear warmup from 0 (default 100, at most steps)
 * @param weightDecay     decoupled weight decay on matrices (not on norms or biases; default 0.01)
 * @param beta1           Adam beta1 (default 0.9)
 * @param beta2           Adam beta2 (default 0.95)
 * @param epsilon         Adam epsilon (default 1e-8)
 * @param gradClip        clip the global gradient norm to this (0 = off; default 1.0)
 * @param seed            seed of the batch order (default 0)
 * @param allTokens       for (prompt, answer) pairs: also train on the prompt tokens (default false: answer only)
 * @param trainable       a regular expression over tensor names: only the tensors it matches in full are trained,
 *                        the others stay frozen (default null: every tensor)
 * @param minDeltaScale   below 1: each step's loss is taken at the start weights plus a random fraction, drawn
 *                        uniformly from [minDeltaScale, 1], of the change made so far (default 1: off)
 */
public record TrainingOptions(int steps, int batchSize, double learningRate, double minLearningRate,
                              int warmupSteps, double weightDecay, double beta1, double beta2, double epsilon,
                              double gradClip, long seed, boolean allTokens, String trainable,
                              double minDeltaScale) {
    public TrainingOptions {
        check(steps >= 1, "steps must be >= 1, got " + steps);
        check(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        check(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        check(minLearningRate >= 0 && minLearningRate <= learningRate,
                "min learning rate must be in [0, learning rate], got " + minLearningRate);
        check(warmupSteps >= 0, "warmup steps must be >= 0, got " + warmupSteps);
        check(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        check(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "Adam betas must be in [0, 1), got " + beta1
                + ", " + beta2);
        check(epsilon > 0, "Adam epsilon must be > 0, got " + epsilon);
        check(gradClip >= 0, "gradient clip must be >= 0 (0 = off), got " + gradClip);
        check(minDeltaScale >= 0 && minDeltaScale <= 1, "min delta scale must be in [0, 1], got " + minDeltaScale);
        if (trainable != null) {
            try {
                java.util.regex.Pattern.compile(trainable);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("trainable tensors: '" + trainable + "' is not a regular"
                        + " expression: " + e.getDescription());
            }
        }
    }

    /** @return whether the tensor called {@code name} is trained (the others stay frozen) */
    public boolean trains(String name) {
        return trainable == null || name.matches(trainable);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the learning rate of step {@code step} (1-based): linear warmup, then cosine down to the minimum */
    public double learningRateAt(int step) {
        int warm = Math.min(warmupSteps, steps);
        if (step <= warm) {
            return learningRate * step / warm;
        }
        double progress = (double) (step - warm) / Math.max(1, steps - warm);
        return minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress));
    }

    /** Builds {@link TrainingOptions}; setters return the builder. */
    public static final class Builder {
        private int steps = 1000;
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private double minLearningRate = -1;
        private int warmupSteps = 100;
        private double weightDecay = 0.01;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double epsilon = 1e-8;
        private double gradClip = 1.0;
        private long seed;
        private boolean allTokens;
        private String trainable;
        private double minDeltaScale = 1;

        private Builder() {
        }

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Default: a tenth of the peak learning rate. */
        public Builder minLearningRate(double v) {
            minLearningRate = v;
            return this;
        }

        public Builder warmupSteps(int v) {
            warmupSteps = v;
            return this;
        }

        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        public Builder betas(double b1, double b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        public Builder epsilon(double v) {
            epsilon = v;
            return this;
        }

        public Builder gradClip(double v) {
            gradClip = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder allTokens(boolean v) {
            allTokens = v;
            return this;
        }

        /** Trains only the tensors whose names match {@code regex} in full; null trains every tensor. */
        public Builder trainable(String regex) {
            trainable = regex;
            return this;
        }

        /** Task-vector scale noise: see the record's {@code minDeltaScale} (1 = off). */
        public Builder minDeltaScale(double v) {
            minDeltaScale = v;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid value */
        public TrainingOptions build() {
            return new TrainingOptions(steps, batchSize, learningRate,
                    minLearningRate < 0 ? learningRate / 10 : minLearningRate, Math.min(warmupSteps, steps),
                    weightDecay, beta1, beta2, epsilon, gradClip, seed, allTokens, trainable, minDeltaScale);
        }
    }
}
