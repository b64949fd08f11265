package org.safemerge.model;

/** Called after every training step; return false to stop early (the weights so far are kept). */
@FunctionalInterface
public interface TrainingListener {
    /**
     * @param step         the step just taken (1-based)
     * @param loss         its batch loss (mean over target tokens)
     * @param learningRate the learning rate it used
     * @param gradNorm     the global gradient norm before clipping
     * @return true to go on
     */
    boolean onStep(int step, double loss, double learningRate, double gradNorm);
}
