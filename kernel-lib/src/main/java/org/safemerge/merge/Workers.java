package org.safemerge.merge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed set of worker threads that run indexed tasks: the merge engine's only source of parallelism. The calling
 * thread works too. Which thread runs which index is not fixed, so callers make results independent of it (results
 * are stored per index and combined in index order).
 */
public final class Workers implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int threads;
    private final ExecutorService pool;

    private Workers(int threads) {
        this.threads = threads;
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = threads <= 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "safemerge-merge-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param threads the number of threads that compute, the caller included (at least 1)
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static Workers create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        return new Workers(threads);
    }

    /** @return a single-threaded instance (runs everything on the caller) */
    public static Workers sequential() {
        return new Workers(1);
    }

    /** @return the number of threads that compute */
    public int threads() {
        return threads;
    }

    /** A task for one index, told which worker slot ({@code 0 .. threads-1}) runs it, for per-worker scratch. */
    @FunctionalInterface
    public interface Task {
        void run(int worker, int index);
    }

    /**
     * Runs {@code task} for every index in {@code [0, n)} and waits for all of them.
     *
     * @throws RuntimeException the first failure of a task, as thrown (later tasks are skipped)
     */
    public void forEach(int n, Task task) {
        if (n <= 0) {
            return;
        }
        if (pool == null || n == 1) {
            for (int i = 0; i < n; i++) {
                task.run(0, i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int helpers = Math.min(threads, n) - 1;
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int w = 1; w <= helpers; w++) {
            int worker = w;
            futures.add(pool.submit(() -> drain(worker, n, next, failure, task)));
        }
        drain(0, n, next, failure, task);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while merging", e);
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t.getMessage(), t);
        }
    }

    private static void drain(int worker, int n, AtomicInteger next, AtomicReference<Throwable> failure, Task task) {
        try {
            for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                task.run(worker, i);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
