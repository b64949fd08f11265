package org.safemerge.experiment;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * One training run of a zoo model: a weighted mix of ingredients and the optimiser settings. What it means
 * ({@link ZooTrainer} does exactly this):
 * <ol>
 *   <li>{@code steps * batchSize} examples are drawn with replacement, each from a component chosen with
 *       probability proportional to its weight, uniformly within it (one stream seeded with {@code seed});</li>
 *   <li>an example is the chat template applied to (user prompt, assistant answer); the loss is the mean
 *       cross-entropy over the answer tokens and the closing {@code </s>} only;</li>
 *   <li>the runtime's trainer makes one pass over them in length-bucketed batches: AdamW (beta1 0.9, beta2 0.95,
 *       eps 1e-8, no weight decay), gradients clipped to norm 1.0, learning rate warmed up linearly over
 *       {@code warmup} steps, then cosine decay to {@code minLrFraction * lr}.</li>
 * </ol>
 *
 * @param name          stage name, used in the mix file name ({@code mixes/MODEL-STAGE.jsonl})
 * @param mix           the components and their weights
 * @param steps         optimiser steps
 * @param lr            peak learning rate
 * @param warmup        warm-up steps
 * @param minLrFraction final learning rate as a fraction of the peak
 * @param batchSize     examples per step
 * @param seed          seed of the batch sampler and of sampled ingredients
 * @param trainable     regular expression over tensor names: only matching tensors are trained (null: all)
 * @param minDeltaScale below 1: each step's loss is taken at a random fraction in [minDeltaScale, 1] of the change
 *                      the stage has made so far ({@link org.safemerge.model.TrainingOptions#minDeltaScale}), except
 *                      for full-scale components; 1: off
 */
public record TrainingStage(String name, List<Component> mix, int steps, double lr, int warmup,
        double minLrFraction, int batchSize, long seed, String trainable, double minDeltaScale) {
    /**
     * An ingredient with its sampling weight. A full-scale component is exempt from the stage's task-vector scale
     * noise: its examples are always trained at the current weights.
     */
    public record Component(Ingredient ingredient, double weight, boolean fullScale) {
        public Component {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("mix weight of " + ingredient.name() + " is " + weight
                        + "; expected > 0");
            }
        }

        /** @return this component, exempt from scale noise */
        public Component atFullScale() {
            return new Component(ingredient, weight, true);
        }
    }

    public TrainingStage {
        mix = List.copyOf(mix);
        if (mix.isEmpty() || steps < 1 || !(lr > 0) || warmup < 0 || batchSize < 1
                || !(minDeltaScale >= 0 && minDeltaScale <= 1)) {
            throw new IllegalArgumentException("training stage " + name + ": needs a non-empty mix, steps >= 1,"
                    + " lr > 0, warmup >= 0, batch size >= 1 and a min delta scale in [0, 1]");
        }
    }

    /** A stage that trains every tensor. */
    public TrainingStage(String name, List<Component> mix, int steps, double lr, int warmup, double minLrFraction,
            int batchSize, long seed) {
        this(name, mix, steps, lr, warmup, minLrFraction, batchSize, seed, null, 1);
    }

    /** @return this stage training only the tensors whose names match {@code regex} */
    public TrainingStage onlyTraining(String regex) {
        return new TrainingStage(name, mix, steps, lr, warmup, minLrFraction, batchSize, seed, regex, minDeltaScale);
    }

    /** @return this stage with task-vector scale noise down to {@code min} (see {@code minDeltaScale}) */
    public TrainingStage withDeltaScales(double min) {
        return new TrainingStage(name, mix, steps, lr, warmup, minLrFraction, batchSize, seed, trainable, min);
    }

    /** @return a component (scaled by the stage's scale noise, if it has any) */
    public static Component of(Ingredient ingredient, double weight) {
        return new Component(ingredient, weight, false);
    }

    /** @return the ingredient names of the full-scale components, in mix order */
    public List<String> fullScaleNames() {
        return mix.stream().filter(Component::fullScale).map(c -> c.ingredient().name()).toList();
    }

    /** @return which of {@code examples} (drawn by {@link #sample}) come from full-scale components */
    public BitSet fullScale(List<ChatExample> examples) {
        Set<String> names = Set.copyOf(fullScaleNames());
        BitSet out = new BitSet(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            if (names.contains(examples.get(i).component())) {
                out.set(i);
            }
        }
        return out;
    }

    /**
     * @return the stage's {@code steps * batchSize} training examples, drawn as the class comment says; the same data
     *         and seed give the same list
     */
    public List<ChatExample> sample(TinyWorldData data) {
        List<List<ChatExample>> pools = new java.util.ArrayList<>();
        double[] cumulative = new double[mix.size()];
        double total = 0;
        for (int i = 0; i < mix.size(); i++) {
            List<ChatExample> pool = mix.get(i).ingredient().examples(data, seed);
            if (pool.isEmpty()) {
                throw new IllegalArgumentException("training stage " + name + ": component "
                        + mix.get(i).ingredient().name() + " has no examples");
            }
            pools.add(pool);
            total += mix.get(i).weight();
            cumulative[i] = total;
        }
        java.util.Random rng = Seeds.stream(seed, "stage-" + name);
        List<ChatExample> out = new java.util.ArrayList<>(steps * batchSize);
        for (int n = 0; n < steps * batchSize; n++) {
            double u = rng.nextDouble() * total;
            int c = 0;
            while (c < cumulative.length - 1 && u >= cumulative[c]) {
                c++;
            }
            List<ChatExample> pool = pools.get(c);
            out.add(pool.get(rng.nextInt(pool.size())));
        }
        return out;
    }
}
