package org.safemerge.merge;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.safemerge.SafeMerge;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.FloatCodec;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.ShardedCheckpointWriter;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;
import org.safemerge.io.TensorSpec;
import org.safemerge.progress.Progress;
import org.safemerge.tensor.FloatTensor;

/**
 * Runs a {@link MergePlan} one output tensor at a time, in plan order: opens its inputs (memory-mapped for
 * checkpoints), lets the method compute it on the workers, rounds it to the working dtype, and hands it to a sink
 * (a {@link TensorSet}, or a single writer thread that writes it into its shard while the next tensor is computed).
 * At most two output tensors are alive at once, whatever the model size.
 */
final class MergeExecutor {
    /** Tensors whose inputs take more bytes than this release input pages chunk by chunk. */
    static final long RELEASE_CHUNKS_ABOVE = 256L << 20;

    private MergeExecutor() {
    }

    private static long bytes(PlannedTensor.Input in) {
        return in.dtype().bytesFor(org.safemerge.tensor.FloatTensor.numel(in.shape()));
    }


    /** @return the merged tensors in memory, each rounded to its output dtype exactly as the on-disk merge writes it */
    static TensorSet toMemory(MergePlan plan, MergeOptions options) {
        TensorSet out = new TensorSet();
        try (Workers workers = Workers.create(options.threads())) {
            run(plan, options, workers, (t, tensor) -> {
                FloatCodec.roundInPlace(t.dtype(), tensor.data());
                out.put(t.name(), tensor, t.dtype());
            });
        }
        return out;
    }

    /** @return what was written: a merged model directory, complete or not at all */
    static MergeReport toDirectory(MergePlan plan, Path target, MergeOptions options) {
        long start = System.nanoTime();
        Path abs = target.toAbsolutePath().normalize();
        AtomicDirectory.checkTarget(abs, options.overwrite());
        for (String ref : plan.recipe().modelRefs()) {
            Path dir = plan.inputs().get(ref).dir();
            if (dir != null && (abs.equals(dir.toAbsolutePath().normalize())
                    || dir.toAbsolutePath().normalize().startsWith(abs))) {
                throw new IllegalArgumentException("output directory " + abs + " holds input model " + ref
                        + "; SafeMerge never writes over its inputs");
            }
        }
        ModelConfig config = plan.outputConfig();
        plan.checkTokenizer();
        List<TensorSpec> specs = plan.tensors().stream()
                .map(t -> new TensorSpec(t.name(), t.dtype(), t.shape())).toList();
        List<String> shards;
        long largest = plan.tensors().stream().mapToLong(PlannedTensor::byteSize).max().orElse(0);
        try (AtomicDirectory out = AtomicDirectory.create(abs, options.overwrite());
             Workers workers = Workers.create(options.threads());
             Arena arena = Arena.ofShared()) {
            // one off-heap buffer for the encoded tensor being written: allocated once, written without a copy
            MemorySegment buffer = arena.allocate(Math.max(1, largest), 64);
            ExecutorService io = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "safemerge-writer");
                t.setDaemon(true);
                return t;
            });
            try (ShardedCheckpointWriter writer = new ShardedCheckpointWriter(out.path(), specs, options.shardBytes(),
                    Map.of("safemerge_version", SafeMerge.version()))) {
                List<Future<?>> pending = new ArrayList<>();
                run(plan, options, workers, (t, tensor) -> {
                    // One write in flight while the next tensor is computed: overlapped I/O, and at most one float32
                    // result plus one encoded tensor alive. Encoding runs on the workers, writing on its own thread.
                    waitFor(pending); // the previous write is done: its buffer is free again
                    MemorySegment bytes = encode(t, tensor, workers, buffer);
                    pending.add(io.submit(() -> writer.writeRaw(t.name(), bytes)));
                });
                waitFor(pending);
                writer.finish();
                shards = writer.shardNames();
            } finally {
                io.shutdownNow();
            }
            OutputFiles.write(out.path(), plan, config, options);
            out.commit();
        }
        return new MergeReport(abs, plan.tensors().size(), plan.totalBytes(), shards,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Encodes a result into its output dtype's little-endian bytes, in parallel slices, at the start of buffer. */
    private static MemorySegment encode(PlannedTensor t, FloatTensor tensor, Workers workers, MemorySegment buffer) {
        DType dtype = t.dtype();
        float[] data = tensor.data();
        MemorySegment bytes = buffer.asSlice(0, dtype.bytesFor(data.length));
        int slice = 1 << 20;
        int slices = (data.length + slice - 1) / slice;
        workers.forEach(slices, (worker, i) -> {
            int from = i * slice;
            int count = Math.min(slice, data.length - from);
            FloatCodec.encode(dtype, data, from, count, bytes, dtype.bytesFor(from));
        });
        return bytes;
    }

    private static void waitFor(List<Future<?>> pending) {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the merge", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("writing the merge failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        pending.clear();
    }

    /** Receives each merged tensor, in plan order. */
    @FunctionalInterface
    private interface Sink {
        void accept(PlannedTensor t, FloatTensor merged);
    }

    private static void run(MergePlan plan, MergeOptions options, Workers workers, Sink sink) {
        MergeMethod method = plan.method();
        DType working = plan.recipe().dtype();
        Groups groups = new Groups(plan, options.seed(), workers);
        Object prepared = method.prepare(groups);
        long totalMb = Math.max(1, plan.totalBytes() / 1_000_000);
        try (Progress progress = options.progress() ? Progress.start("Merging", totalMb, "MB")
                : org.safemerge.progress.ProgressFactory.silent().start("", 0, "")) {
            long bytes = 0;
            long reported = 0;
            List<PlannedTensor> tensors = plan.tensors();
            for (int i = 0; i < tensors.size(); i++) {
                PlannedTensor t = tensors.get(i);
                FloatTensor merged = groups.compute(i, prepared);
                if (!Arrays.equals(merged.shape(), t.shape())) {
                    throw new IllegalStateException(method.id() + " returned shape " + merged.shapeString() + " for "
                            + t.name() + ", planned " + t.shapeString());
                }
                if ((working == DType.BF16 || working == DType.F16) && working != t.dtype()) {
                    // the result lives in the working dtype; when that is also the output dtype, the one rounding
                    // on output gives the same values
                    FloatCodec.roundInPlace(working, merged.data());
                }
                sink.accept(t, merged);
                bytes += t.byteSize();
                long mb = Math.min(totalMb, bytes / 1_000_000);
                progress.step(mb - reported);
                reported = mb;
                progress.message("tensor " + (i + 1) + "/" + tensors.size());
            }
            progress.step(totalMb - reported);
        }
    }

    /** Opens planned tensors' inputs as groups: for {@link MergeMethod#prepare} and for merging. */
    private static final class Groups implements PlanGroups {
        private final MergePlan plan;
        private final long seed;
        private final Workers workers;

        Groups(MergePlan plan, long seed, Workers workers) {
            this.plan = plan;
            this.seed = seed;
            this.workers = workers;
        }

        @Override
        public List<PlannedTensor> tensors() {
            return plan.tensors();
        }

        @Override
        public void visit(int index, Consumer<TensorGroup> body) {
            List<TensorInput> opened = new ArrayList<>();
            try {
                body.accept(open(plan.tensors().get(index), opened));
            } finally {
                opened.forEach(TensorInput::release);
            }
        }

        FloatTensor compute(int index, Object prepared) {
            PlannedTensor t = plan.tensors().get(index);
            List<TensorInput> opened = new ArrayList<>();
            try {
                TensorGroup g = open(t, opened).withPrepared(prepared);
                return plan.method().merge(g, t.params());
            } finally {
                opened.forEach(TensorInput::release);
            }
        }

        private TensorGroup open(PlannedTensor t, List<TensorInput> opened) {
            DType working = plan.recipe().dtype();
            TensorInput base = t.base() == null ? null : input(t.base(), t.shape(), working, opened);
            List<TensorInput> models = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (PlannedTensor.Input in : t.models()) {
                models.add(input(in, t.shape(), working, opened));
                labels.add(in.model());
            }
            // Inputs stay mapped while a tensor is merged (methods read them in several passes) unless they are
            // large: then each chunk's pages are let go as soon as it is done, to keep memory bounded.
            long inputBytes = (t.base() == null ? 0 : bytes(t.base())) + t.models().stream()
                    .mapToLong(MergeExecutor::bytes).sum();
            return new TensorGroup(t.name(), base, t.base() == null ? null : t.base().model(), models, labels, seed,
                    workers, null, inputBytes > RELEASE_CHUNKS_ABOVE);
        }

        private TensorInput input(PlannedTensor.Input in, long[] shape, DType working, List<TensorInput> opened) {
            TensorSource src = plan.inputs().get(in.model()).tensors();
            TensorInput ti = src instanceof Checkpoint c
                    ? TensorInputs.mapped(c.raw(in.tensor()), in.dtype(), in.shape(), working)
                    : TensorInputs.of(src.load(in.tensor()), in.dtype(), working);
            opened.add(ti);
            return Arrays.equals(in.shape(), shape) ? ti : TensorInputs.cropped(ti, shape);
        }
    }
}
