package org.safemerge.progress;

/**
 * Progress of one long task, reported wherever the user is looking: a terminal bar in the CLI, a live-updated
 * line in a notebook, nothing in tests. Library code calls {@link #start} and never knows which.
 *
 * <pre>
 * try (Progress p = Progress.start("Merging", tensors.size(), "tensors")) {
 *     for (...) { ...; p.step(); }
 * }
 * </pre>
 */
public interface Progress extends AutoCloseable {
    /** Advances by {@code n} units. */
    void step(long n);

    /** Advances by one unit. */
    default void step() {
        step(1);
    }

    /** Shows extra text after the counts (e.g. "loss 1.234", "412 MB"). */
    void message(String extra);

    /** Ends the task (the bar is completed or removed). */
    @Override
    void close();

    /** Starts a task with the current {@link ProgressFactory}. {@code total} may be -1 if unknown. */
    static Progress start(String task, long total, String unit) {
        return ProgressFactory.current().start(task, total, unit);
    }

    /**
     * @return whether a task closed with {@code done} of {@code total} units stopped early (an exception, an
     *     interrupt, a {@code break}): units were left; with an unknown total (0 or less) it never did
     */
    static boolean stoppedEarly(long done, long total) {
        return total > 0 && done < total;
    }
}
