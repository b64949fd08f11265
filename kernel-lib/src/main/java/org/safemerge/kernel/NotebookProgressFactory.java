package org.safemerge.kernel;

import java.util.function.LongSupplier;
import org.safemerge.progress.Progress;
import org.safemerge.progress.ProgressFactory;

/**
 * Shows {@link Progress} as one live line under the running cell: displayed when the task starts, updated in place
 * through {@link Displays#update} at most every {@link #DEFAULT_INTERVAL_NANOS} (so a million tiny steps do not
 * flood the notebook), and a last time when it ends. The kernel makes it the current factory at start.
 *
 * <p>A task started while another is still running on the same thread (an evaluation's generation batches inside
 * the evaluation, a search's candidates inside the search) gets no line of its own: one line per cell-level task
 * keeps a notebook readable, and the outer line already shows the work moving.
 */
public final class NotebookProgressFactory implements ProgressFactory {
    /** The shortest time between two updates of one line: 200 ms. */
    public static final long DEFAULT_INTERVAL_NANOS = 200_000_000L;

    private final Displays displays;
    private final LongSupplier clock;
    private final long intervalNanos;
    /** The task whose line this thread shows, while it runs. */
    private final ThreadLocal<Live> running = new ThreadLocal<>();

    /** @param displays where the lines go (the kernel) */
    public NotebookProgressFactory(Displays displays) {
        this(displays, System::nanoTime, DEFAULT_INTERVAL_NANOS);
    }

    NotebookProgressFactory(Displays displays, LongSupplier clock, long intervalNanos) {
        this.displays = displays;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public Progress start(String task, long total, String unit) {
        Live outer = running.get();
        if (outer != null && !outer.closed) {
            return ProgressFactory.silent().start(task, total, unit);
        }
        Live live = new Live(task, total, unit);
        running.set(live);
        return live;
    }

    /** One task's line; steps may come from several threads. */
    private final class Live implements Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final long startNanos;
        private final String id;
        private long done;
        private String extra = "";
        private long lastUpdate;
        private boolean closed;

        Live(String task, long total, String unit) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.startNanos = clock.getAsLong();
            this.lastUpdate = startNanos;
            this.id = displays.display(line(false, startNanos));
        }

        @Override
        public synchronized void step(long n) {
            done += n;
            maybeUpdate();
        }

        @Override
        public synchronized void message(String text) {
            extra = text == null ? "" : text;
            maybeUpdate();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                displays.update(id, line(true, clock.getAsLong()));
                if (running.get() == this) {
                    running.remove();
                }
            }
        }

        private void maybeUpdate() {
            long now = clock.getAsLong();
            if (!closed && now - lastUpdate >= intervalNanos) {
                lastUpdate = now;
                displays.update(id, line(false, now));
            }
        }

        private ProgressLine line(boolean finished, long now) {
            return new ProgressLine(task, done, total, unit, now - startNanos, extra, finished);
        }
    }
}
