package org.safemerge.merge;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.safemerge.io.DType;
import org.safemerge.io.FloatCodec;
import org.safemerge.io.ShardedCheckpointWriter;
import org.safemerge.tensor.FloatTensor;

/**
 * The on-disk merge's sink: rounds merged values to the working dtype where the output dtype differs, encodes them
 * into the output dtype and writes them at their place in their shard, piece by piece, from the worker threads
 * themselves. Streamed tensors ({@link MergeMethod#outputPass}) are written chunk by chunk as they are computed,
 * so neither their float32 result nor their encoded bytes ever exist whole; other tensors are encoded and written
 * in parallel slices. Memory: one encode buffer per worker, the size of a chunk.
 *
 * <p>Every {@value #FLUSH_EVERY} bytes a helper thread flushes what was written so far to the disk
 * ({@link ShardedCheckpointWriter#force()}), so the disk writes overlap with merging instead of all waiting for the
 * final sync.
 */
final class OutputWriter implements MergeExecutor.Sink, AutoCloseable {
    /** Elements per slice when a whole tensor is written. */
    private static final int SLICE = ChunkGrid.CHUNK;
    /** Bytes written between two early flushes. */
    static final long FLUSH_EVERY = 128L << 20;

    private final ShardedCheckpointWriter writer;
    private final DType working;
    private final Workers workers;
    private final MemorySegment[] buffers;
    private final Arena arena = Arena.ofAuto();
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "safemerge-flush");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong written = new AtomicLong();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private volatile long flushed;

    OutputWriter(ShardedCheckpointWriter writer, DType working, Workers workers) {
        this.writer = writer;
        this.working = working;
        this.workers = workers;
        this.buffers = new MemorySegment[workers.threads()];
    }

    @Override
    public void accept(PlannedTensor t, FloatTensor merged) {
        float[] data = merged.data();
        if (data.length == 0) {
            writer.writeRaw(t.name(), 0, MemorySegment.ofArray(new byte[0]));
            return;
        }
        int slices = (data.length + SLICE - 1) / SLICE;
        workers.forEach(slices, (worker, i) -> {
            int from = i * SLICE;
            write(t, worker, from, data, from, Math.min(SLICE, data.length - from));
        });
    }

    @Override
    public TensorGroup.ChunkSink chunks(PlannedTensor t) {
        if (t.byteSize() == 0) {
            return null; // no chunks would come: written whole (empty) instead
        }
        boolean round = MergeExecutor.roundsToWorking(working, t);
        return (worker, from, values, count) -> {
            if (round) {
                FloatCodec.roundInPlace(working, values, 0, count);
            }
            write(t, worker, from, values, 0, count);
        };
    }

    /** Encodes {@code values[at ..< at + count]}, elements {@code from ..} of {@code t}, and writes them. */
    private void write(PlannedTensor t, int worker, int from, float[] values, int at, int count) {
        DType dtype = t.dtype();
        long bytes = dtype.bytesFor(count);
        MemorySegment buf = buffer(worker, bytes);
        FloatCodec.encode(dtype, values, at, count, buf, 0);
        writer.writeRaw(t.name(), dtype.bytesFor(from), buf.asSlice(0, bytes));
        long total = written.addAndGet(bytes);
        if (total - flushed >= FLUSH_EVERY && flushing.compareAndSet(false, true)) {
            flusher.execute(() -> {
                try {
                    writer.force();
                } catch (RuntimeException e) {
                    // only an early start: the final sync in finish() reports what fails
                } finally {
                    flushed = total;
                    flushing.set(false);
                }
            });
        }
    }

    /** Waits for an early flush in progress, so that the files can be finished and closed. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return worker {@code w}'s encode buffer, grown to at least {@code bytes} (only worker w touches slot w) */
    private MemorySegment buffer(int w, long bytes) {
        MemorySegment b = buffers[w];
        if (b == null || b.byteSize() < bytes) {
            b = arena.allocate(Math.max(bytes, 8L * ChunkGrid.CHUNK), 64);
            buffers[w] = b;
        }
        return b;
    }
}
