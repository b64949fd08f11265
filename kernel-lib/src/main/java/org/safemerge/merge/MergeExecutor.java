package org.safemerge.merge;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * checkpoints, read ahead by an {@link InputPrefetcher}), lets the method compute it on the workers, rounds it to the
 * working dtype, and hands it to a sink: a {@link TensorSet}, or an {@link OutputWriter} that encodes and writes it
 * into its shard from the workers. Methods with an output pass ({@link MergeMethod#outputPass}) stream their result
 * chunk by chunk into the writer, so their float32 result never exists whole; other methods hold one output tensor
 * at a time, whatever the model size.
 */
final class MergeExecutor {
    /** Tensors whose inputs take more bytes than this release input pages chunk by chunk. */
    static final long RELEASE_CHUNKS_ABOVE = 256L << 20;
    /** How many input bytes past the tensor being merged are read ahead (see {@link InputPrefetcher}). */
    static final long PREFETCH_WINDOW = 256L << 20;

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
        try (AtomicDirectory out = AtomicDirectory.create(abs, options.overwrite());
             Workers workers = Workers.create(options.threads())) {
            try (ShardedCheckpointWriter writer = new ShardedCheckpointWriter(out.path(), specs, options.shardBytes(),
                    Map.of("safemerge_version", SafeMerge.version()))) {
                try (OutputWriter sink = new OutputWriter(writer, plan.recipe().dtype(), workers)) {
                    run(plan, options, workers, sink);
                }
                writer.finish();
                shards = writer.shardNames();
            }
            OutputFiles.write(out.path(), plan, config, options);
            out.commit();
        }
        return new MergeReport(abs, plan.tensors().size(), plan.totalBytes(), shards,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Receives each merged tensor, in plan order. */
    @FunctionalInterface
    interface Sink {
        /** Takes a whole merged tensor, already rounded to the working dtype. */
        void accept(PlannedTensor t, FloatTensor merged);

        /**
         * @return where the chunks of {@code t} go if its method streams them (they are not yet rounded to the
         *     working dtype), or null if this sink takes whole tensors only
         */
        default TensorGroup.ChunkSink chunks(PlannedTensor t) {
            return null;
        }
    }

    private static void run(MergePlan plan, MergeOptions options, Workers workers, Sink sink) {
        MergeMethod method = plan.method();
        DType working = plan.recipe().dtype();
        Groups groups = new Groups(plan, options.seed(), workers);
        Object prepared = method.prepare(groups);
        long totalMb = Math.max(1, plan.totalBytes() / 1_000_000);
        try (InputPrefetcher prefetcher = new InputPrefetcher(groups.mappedInputs(), PREFETCH_WINDOW);
             Progress progress = options.progress() ? Progress.start("Merging", totalMb, "MB")
                : org.safemerge.progress.ProgressFactory.silent().start("", 0, "")) {
            long bytes = 0;
            long reported = 0;
            List<PlannedTensor> tensors = plan.tensors();
            for (int i = 0; i < tensors.size(); i++) {
                PlannedTensor t = tensors.get(i);
                prefetcher.merging(i);
                FloatTensor merged = groups.compute(i, prepared, sink.chunks(t));
                if (merged != null) {
                    if (!Arrays.equals(merged.shape(), t.shape())) {
                        throw new IllegalStateException(method.id() + " returned shape " + merged.shapeString()
                                + " for " + t.name() + ", planned " + t.shapeString());
                    }
                    if (roundsToWorking(working, t)) {
                        FloatCodec.roundInPlace(working, merged.data());
                    }
                    sink.accept(t, merged);
                }
                bytes += t.byteSize();
                long mb = Math.min(totalMb, bytes / 1_000_000);
                progress.step(mb - reported);
                reported = mb;
                progress.message("tensor " + (i + 1) + "/" + tensors.size());
            }
            progress.step(totalMb - reported);
        }
    }

    /**
     * @return true if a result must be rounded to the working dtype before it is cast to the output dtype: the
     *     result lives in the working dtype; when that is also the output dtype, the one rounding on output gives
     *     the same values
     */
    static boolean roundsToWorking(DType working, PlannedTensor t) {
        return (working == DType.BF16 || working == DType.F16) && working != t.dtype();
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

        /** @return per planned tensor, the memory-mapped bytes of its inputs read from checkpoints */
        List<List<MemorySegment>> mappedInputs() {
            List<List<MemorySegment>> out = new ArrayList<>();
            for (PlannedTensor t : plan.tensors()) {
                List<MemorySegment> segments = new ArrayList<>();
                if (t.base() != null) {
                    mapped(t.base(), segments);
                }
                t.models().forEach(in -> mapped(in, segments));
                out.add(segments);
            }
            return out;
        }

        private void mapped(PlannedTensor.Input in, List<MemorySegment> segments) {
            if (plan.inputs().get(in.model()).tensors() instanceof Checkpoint c) {
                MemorySegment bytes = c.raw(in.tensor());
                if (bytes.isMapped()) {
                    segments.add(bytes);
                }
            }
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

        /**
         * @param chunks where to stream the output chunks if the method has an output pass, or null
         * @return the merged tensor, or null if it was streamed into {@code chunks}
         */
        FloatTensor compute(int index, Object prepared, TensorGroup.ChunkSink chunks) {
            PlannedTensor t = plan.tensors().get(index);
            List<TensorInput> opened = new ArrayList<>();
            try {
                TensorGroup g = open(t, opened).withPrepared(prepared);
                if (chunks != null) {
                    TensorGroup.OutputPass pass = plan.method().outputPass(g, t.params());
                    if (pass != null) {
                        if (pass.grid().numel() != g.numel()) {
                            throw new IllegalStateException(plan.method().id() + " output pass covers "
                                    + pass.grid().numel() + " elements of " + t.name() + ", planned " + g.numel());
                        }
                        g.stream(pass.grid(), pass.writer(), chunks);
                        return null;
                    }
                }
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
