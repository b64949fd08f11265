package org.safemerge.merge;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Reads the memory-mapped inputs of the tensors about to be merged on a helper thread, so that the workers find
 * their pages in memory and mapped: disk reads overlap with merging instead of stalling the workers on page faults.
 *
 * <p>The thread walks the tensors in plan order from the one being merged, loading their inputs in slices
 * ({@link MemorySegment#load()}: ask the kernel to read ahead, then touch every page), slice k of every input in
 * turn, the order in which the workers read them. It reads at most {@code window} input bytes past the end of the
 * tensor being merged, so the pages it maps (they count in the process's resident size until the executor releases
 * them with their tensor) stay bounded whatever the model size. It only reads: outputs never depend on it.
 */
final class InputPrefetcher implements AutoCloseable {
    /** Bytes loaded per step: small enough to stay close behind the window, large enough for big reads. */
    private static final long SLICE = 8L << 20;

    private final List<List<MemorySegment>> inputs;
    private final long[] startBytes;
    private final long window;
    private final Thread thread;
    private volatile int current = -1;
    private boolean closed;

    /**
     * Starts the helper thread.
     *
     * @param inputs per planned tensor, in plan order, the mapped bytes of its inputs (empty for inputs in memory)
     * @param window how many input bytes past the start of the tensor being merged may be read ahead
     */
    InputPrefetcher(List<List<MemorySegment>> inputs, long window) {
        this.inputs = inputs;
        this.window = window;
        this.startBytes = new long[inputs.size() + 1];
        for (int i = 0; i < inputs.size(); i++) {
            long bytes = 0;
            for (MemorySegment s : inputs.get(i)) {
                bytes += s.byteSize();
            }
            startBytes[i + 1] = startBytes[i] + bytes;
        }
        this.thread = new Thread(this::run, "safemerge-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Tells the helper that tensor {@code index} is being merged (and the ones before it are done). */
    synchronized void merging(int index) {
        current = index;
        notifyAll();
    }

    private void run() {
        try {
            for (int t = 0; t < inputs.size(); t++) {
                List<MemorySegment> segments = inputs.get(t);
                long longest = 0;
                for (MemorySegment s : segments) {
                    longest = Math.max(longest, s.byteSize());
                }
                // slice k of every input in turn: the order in which chunks of the tensor read them
                for (long at = 0; at < longest; at += SLICE) {
                    if (!awaitTurn(startBytes[t] + at * segments.size())) {
                        return;
                    }
                    if (current > t) {
                        break; // the workers are done with this tensor
                    }
                    for (MemorySegment s : segments) {
                        if (at < s.byteSize()) {
                            s.asSlice(at, Math.min(SLICE, s.byteSize() - at)).load();
                        }
                    }
                }
            }
        } catch (RuntimeException | InternalError e) {
            // prefetching is only a hint; a failing read is reported by the worker that needs the bytes
        }
    }

    /**
     * Waits until merging has started and the bytes up to {@code ahead} (counted from the first tensor) are within
     * the window past the end of the tensor being merged.
     *
     * @return false if closed
     */
    private synchronized boolean awaitTurn(long ahead) {
        try {
            while (!closed && (current < 0 || startBytes[current + 1] + window < ahead)) {
                wait();
            }
        } catch (InterruptedException e) {
            return false;
        }
        return !closed;
    }

    /** Stops the helper and waits for it, so that no read outlives the inputs. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
