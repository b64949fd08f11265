package org.safemerge.experiment;

import java.util.List;

/**
 * One training run of a zoo model: a weighted mix of ingredients and the optimiser settings. The trainer
 * (the runtime's training loop) follows this protocol, so that the recipe means the same thing everywhere:
 * <ol>
 *   <li>each step picks one component with probability proportional to its weight (a stream seeded with
 *       {@code seed}), then draws {@code batchSize} examples from it uniformly with replacement: one component
 *       per batch keeps lengths similar and padding small;</li>
 *   <li>an example is the chat template applied to (user prompt, assistant answer); the loss is the mean
 *       cross-entropy over the answer tokens and the closing {@code </s>} only;</li>
 *   <li>AdamW (beta1 0.9, beta2 0.95, eps 1e-8, no weight decay), gradients clipped to norm 1.0; learning rate
 *       linear warm-up over {@code warmup} steps, then cosine decay to {@code minLrFraction * lr}.</li>
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
 */
public record TrainingStage(String name, List<Component> mix, int steps, double lr, int warmup,
        double minLrFraction, int batchSize, long seed) {
    /** An ingredient with its sampling weight. */
    public record Component(Ingredient ingredient, double weight) {
        public Component {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("mix weight of " + ingredient.name() + " is " + weight
                        + "; expected > 0");
            }
        }
    }

    public TrainingStage {
        mix = List.copyOf(mix);
        if (mix.isEmpty() || steps < 1 || !(lr > 0) || warmup < 0 || batchSize < 1) {
            throw new IllegalArgumentException("training stage " + name + ": needs a non-empty mix, steps >= 1,"
                    + " lr > 0, warmup >= 0 and batch size >= 1");
        }
    }

    /** @return a component */
    public static Component of(Ingredient ingredient, double weight) {
        return new Component(ingredient, weight);
    }

    /** @return the examples of every component, in mix order (the content of this stage's mix file) */
    public List<ChatExample> materialise(TinyWorldData data) {
        List<ChatExample> all = new java.util.ArrayList<>();
        for (Component c : mix) {
            all.addAll(c.ingredient().examples(data, seed));
        }
        return all;
    }
}
