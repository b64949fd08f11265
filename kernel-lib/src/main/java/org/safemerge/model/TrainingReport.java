package org.safemerge.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a training run did: the loss log, step by step.
 *
 * @param losses        batch loss of each step taken
 * @param learningRates learning rate of each step
 * @param gradNorms     global gradient norm of each step, before clipping
 * @param targetTokens  target tokens seen in total
 * @param seconds       wall-clock time
 */
public record TrainingReport(double[] losses, double[] learningRates, double[] gradNorms, long targetTokens,
                             double seconds) {
    /** @return the number of steps taken */
    public int steps() {
        return losses.length;
    }

    /** @return the mean loss of the last {@code n} steps (all if fewer) */
    public double finalLoss(int n) {
        int k = Math.min(n, losses.length);
        double s = 0;
        for (int i = losses.length - k; i < losses.length; i++) {
            s += losses[i];
        }
        return k == 0 ? Double.NaN : s / k;
    }

    /** Writes the loss log as CSV: {@code step,loss,learning_rate,grad_norm}. */
    public void writeCsv(Path file) {
        StringBuilder sb = new StringBuilder("step,loss,learning_rate,grad_norm\n");
        for (int i = 0; i < losses.length; i++) {
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6g,%.6g%n", i + 1, losses[i], learningRates[i],
                    gradNorms[i]));
        }
        try {
            Files.writeString(file, sb);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
