package org.safemerge.kernel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.safemerge.progress.Progress;
import org.safemerge.progress.ProgressFactory;

/**
 * Shows {@link Progress} as one live line under the running cell: displayed once the task has run for
 * {@link #DEFAULT_SHOW_AFTER_NANOS} (work that ends sooner leaves no line: a library call's quick sub-task would
 * only clutter the cell), updated in place through {@link Displays#update} at most every
 * {@link #DEFAULT_INTERVAL_NANOS} (so a million tiny steps do not flood the notebook), and a last time when it ends:
 * "done in 3.2 s" when all its units are done, "stopped at 2/5 after 0.4 s" when it was closed early (an exception,
 * a {@code break}) or left open when its cell ended (an interrupt). The kernel makes it the current factory at start.
 *
 * <p>A task started while another is still running on the same thread (an evaluation's generation batches inside
 * the evaluation, a search's candidates inside the search) gets no line of its own: one line per cell-level task
 * keeps a notebook readable, and the outer line already shows the work moving.
 */
public final class NotebookProgressFactory implements ProgressFactory {
    /** The shortest time between two updates of one line: 200 ms. */
    public static final long DEFAULT_INTERVAL_NANOS = 200_000_000L;
    /** How long a task runs before its line appears: 0.5 s. */
    public static final long DEFAULT_SHOW_AFTER_NANOS = 500_000_000L;

    private final Displays displays;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long showAfterNanos;
    /** Shows a line whose task is still running at its show time, even before its next step; null in tests. */
    private final ScheduledExecutorService timer;
    /** The task whose line this thread shows, while it runs. */
    private final ThreadLocal<Live> running = new ThreadLocal<>();
    /** Tasks not closed yet, of every thread. */
    private final Set<Live> open = ConcurrentHashMap.newKeySet();

    /** @param displays where the lines go (the kernel) */
    public NotebookProgressFactory(Displays displays) {
        this(displays, System::nanoTime, DEFAULT_INTERVAL_NANOS, DEFAULT_SHOW_AFTER_NANOS,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "safemerge-progress");
                    t.setDaemon(true);
                    return t;
                }));
    }

    NotebookProgressFactory(Displays displays, LongSupplier clock, long intervalNanos) {
        this(displays, clock, intervalNanos, 0, null);
    }

    NotebookProgressFactory(Displays displays, LongSupplier clock, long intervalNanos, long showAfterNanos,
            ScheduledExecutorService timer) {
        this.displays = displays;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.showAfterNanos = showAfterNanos;
        this.timer = timer;
    }

    @Override
    public Progress start(String task, long total, String unit) {
        Live outer = running.get();
        if (outer != null && !outer.closed) {
            return ProgressFactory.silent().start(task, total, unit);
        }
        Live live = new Live(task, total, unit);
        running.set(live);
        open.add(live);
        if (timer != null && showAfterNanos > 0) {
            timer.schedule(live::showIfRunning, showAfterNanos, TimeUnit.NANOSECONDS);
        }
        return live;
    }

    /**
     * Ends the lines of tasks still open (called when a cell ends: an interrupt or an exception skipped their
     * {@code close()}), as stopped unless all their units are done.
     */
    public void closeOpen() {
        for (Live live : open) {
            live.close(true);
        }
    }

    /** One task's line; steps may come from several threads. */
    private final class Live implements Progress {
        private final String task;
        private final long total;
        private final String unit;
        private final long startNanos;
        /** The line's display id, once shown. */
        private String id;
        private long done;
        private String extra = "";
        private long lastUpdate;
        private volatile boolean closed;

        Live(String task, long total, String unit) {
            this.task = task;
            this.total = total;
            this.unit = unit;
            this.startNanos = clock.getAsLong();
            this.lastUpdate = startNanos;
            if (showAfterNanos <= 0) {
                this.id = displays.display(line(ProgressLine.State.RUNNING, startNanos));
            }
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
        public void close() {
            close(false);
        }

        synchronized void close(boolean cellEnded) {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            long now = clock.getAsLong();
            ProgressLine.State state = cellEnded && total <= 0 ? ProgressLine.State.STOPPED
                    : ProgressLine.State.closed(done, total);
            ProgressLine last = line(state, now);
            if (id != null) {
                displays.update(id, last);
            } else if (state == ProgressLine.State.STOPPED || now - startNanos >= showAfterNanos) {
                displays.display(last);  // quick work that ended well leaves no line; stopped work always says so
            }
            if (running.get() == this) {
                running.remove();
            }
        }

        synchronized void showIfRunning() {
            if (!closed && id == null) {
                long now = clock.getAsLong();
                lastUpdate = now;
                id = displays.display(line(ProgressLine.State.RUNNING, now));
            }
        }

        private void maybeUpdate() {
            long now = clock.getAsLong();
            if (closed) {
                return;
            }
            if (id == null) {
                if (now - startNanos >= showAfterNanos) {
                    showIfRunning();
                }
            } else if (now - lastUpdate >= intervalNanos) {
                lastUpdate = now;
                displays.update(id, line(ProgressLine.State.RUNNING, now));
            }
        }

        private ProgressLine line(ProgressLine.State state, long now) {
            return new ProgressLine(task, done, total, unit, now - startNanos, extra, state);
        }
    }
}
