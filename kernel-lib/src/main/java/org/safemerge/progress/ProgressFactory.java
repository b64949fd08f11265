package org.safemerge.progress;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Makes {@link Progress} reporters. One factory is current for the JVM: {@link #silent()} by default, the terminal
 * bar when the CLI runs, the notebook display when the kernel runs.
 */
@FunctionalInterface
public interface ProgressFactory {
    /** Starts reporting a task. */
    Progress start(String task, long total, String unit);

    /** @return the factory library code reports to */
    static ProgressFactory current() {
        return Holder.current;
    }

    /** Makes {@code factory} current for the whole JVM. */
    static void setCurrent(ProgressFactory factory) {
        Holder.current = factory;
    }

    /** @return a factory whose reporters do nothing */
    static ProgressFactory silent() {
        return (task, total, unit) -> new Progress() {
            @Override
            public void step(long n) {
            }

            @Override
            public void message(String extra) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** @return a factory drawing bars (counts, rate, ETA) on standard error */
    static ProgressFactory terminal() {
        return (task, total, unit) -> {
            java.io.PrintStream err = System.err;
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit(" " + unit, 1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .setMaxRenderedLength(100)
                    .showSpeed()
                    .setEtaFunction(state -> state.getMax() > 0 && state.getCurrent() > 0
                            ? java.util.Optional.of(Duration.ofMillis((long) ((state.getMax() - state.getCurrent())
                            * (double) state.getElapsedAfterStart().toMillis() / state.getCurrent())))
                            : java.util.Optional.empty())
                    .setConsumer(new ConsoleProgressBarConsumer(err))
                    .build();
            long start = System.nanoTime();
            return new Progress() {
                private long done;
                private String extra = "";

                @Override
                public synchronized void step(long n) {
                    done += n;
                    bar.stepBy(n);
                }

                @Override
                public synchronized void message(String text) {
                    extra = text == null ? "" : " " + text;
                    bar.setExtraMessage(extra);
                }

                @Override
                public synchronized void close() {
                    boolean early = Progress.stoppedEarly(done, total);
                    if (early) {
                        // Closed early (an exception, a break): the bar must not read as finished.
                        bar.setExtraMessage(extra + " stopped");
                    }
                    bar.close();
                    if (early) {
                        err.println(task + " stopped at " + done + "/" + total + " after " + String.format(
                                java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
                    }
                }
            };
        };
    }

    /** Holds the current factory. */
    final class Holder {
        private static volatile ProgressFactory current = silent();

        private Holder() {
        }
    }
}
