package org.safemerge.merge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.safemerge.tensor.FloatTensor;

/**
 * Everything a merge method sees of one output tensor: its name and shape, the base model's input (if the method
 * has one) and the other models' inputs in recipe order, the seed, and the workers that run its loops.
 *
 * <p>Methods read inputs through passes over a {@link ChunkGrid}: {@link #reduce} (sums combined in a fixed order),
 * {@link #forEach} (side effects into disjoint places) and {@link #map} (writes the output). No pass may start
 * another. All inputs have the group's shape (the planner crops embeddings before building a group).
 *
 * <pre>
 * TensorGroup g = TensorGroup.of("w", base, a, b);           // tests: float32 tensors, one thread, seed 0
 * FloatTensor avg = g.map(g.flat(), (c, out) -&gt; { ... });
 * </pre>
 */
public final class TensorGroup {
    /** Reductions use at most this many blocks, so their summation order never depends on the thread count. */
    static final int REDUCE_BLOCKS = 64;

    private final String name;
    private final long[] shape;
    private final int numel;
    private final TensorInput base;
    private final List<TensorInput> models;
    private final List<String> labels;
    private final String baseLabel;
    private final long seed;
    private final Workers workers;
    private final Object prepared;
    private final boolean releaseChunks;

    TensorGroup(String name, TensorInput base, String baseLabel, List<TensorInput> models, List<String> labels,
                long seed, Workers workers, Object prepared) {
        this(name, base, baseLabel, models, labels, seed, workers, prepared, false);
    }

    TensorGroup(String name, TensorInput base, String baseLabel, List<TensorInput> models, List<String> labels,
                long seed, Workers workers, Object prepared, boolean releaseChunks) {
        this.releaseChunks = releaseChunks;
        this.name = name;
        this.base = base;
        this.baseLabel = baseLabel;
        this.models = List.copyOf(models);
        this.labels = List.copyOf(labels);
        this.seed = seed;
        this.workers = workers;
        this.prepared = prepared;
        TensorInput first = base != null ? base : models.isEmpty() ? null : models.get(0);
        if (first == null) {
            throw new IllegalArgumentException("tensor " + name + ": no inputs to merge");
        }
        this.shape = first.shape();
        this.numel = first.numel();
        for (int i = 0; i < models.size(); i++) {
            if (!Arrays.equals(shape, models.get(i).shape())) {
                throw new IllegalArgumentException("tensor " + name + ": shape "
                        + Arrays.toString(models.get(i).shape()) + " in model " + labels.get(i) + " does not match "
                        + Arrays.toString(shape) + " in " + (base != null ? "base model " + baseLabel
                        : "model " + labels.get(0)));
            }
        }
    }

    /**
     * A group over float32 tensors for tests and notebooks: one thread, seed 0.
     *
     * @param base   the base tensor, or null
     * @param models the other models' tensors
     */
    public static TensorGroup of(String name, FloatTensor base, FloatTensor... models) {
        return of(name, 0, base, models);
    }

    /** As {@link #of(String, FloatTensor, FloatTensor...)} with a seed for stochastic methods. */
    public static TensorGroup of(String name, long seed, FloatTensor base, FloatTensor... models) {
        List<TensorInput> inputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            inputs.add(TensorInputs.of(models[i]));
            labels.add("model" + i);
        }
        return new TensorGroup(name, base == null ? null : TensorInputs.of(base), "base", inputs, labels, seed,
                Workers.sequential(), null);
    }

    /** @return a copy running on other workers (same inputs and seed) */
    public TensorGroup withWorkers(Workers w) {
        return new TensorGroup(name, base, baseLabel, models, labels, seed, w, prepared, releaseChunks);
    }

    /** @return a copy carrying a method's whole-model statistics (see {@link MergeMethod#prepare}) */
    TensorGroup withPrepared(Object p) {
        return new TensorGroup(name, base, baseLabel, models, labels, seed, workers, p, releaseChunks);
    }

    /** @return the output tensor's name (seeds the random streams) */
    public String name() {
        return name;
    }

    /** @return the shape shared by every input */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public int numel() {
        return numel;
    }

    /** @return true if the group has a base model input */
    public boolean hasBase() {
        return base != null;
    }

    /** @return the base input, or null */
    public TensorInput base() {
        return base;
    }

    /** @return the number of non-base models */
    public int size() {
        return models.size();
    }

    /** @return non-base model {@code i}'s input */
    public TensorInput model(int i) {
        return models.get(i);
    }

    /** @return how model {@code i} is named in messages (its recipe reference) */
    public String label(int i) {
        return labels.get(i);
    }

    /** @return how the base is named in messages */
    public String baseLabel() {
        return baseLabel;
    }

    /** @return the merge seed */
    public long seed() {
        return seed;
    }

    /**
     * @return true if each chunk's input pages are released as soon as the chunk is done (large tensors), false if
     *     they stay mapped until the whole tensor is merged (so that later passes do not map them again)
     */
    boolean releasesChunks() {
        return releaseChunks;
    }

    /** @return the workers running this group's passes */
    public Workers workers() {
        return workers;
    }

    /** @return what the method's {@link MergeMethod#prepare} computed over the whole model, or null */
    public Object prepared() {
        return prepared;
    }

    /** @return a flat grid over the tensor */
    public ChunkGrid flat() {
        return ChunkGrid.flat(numel);
    }

    /** @return a grid of whole rows of the last dimension (a 0-D or 1-D tensor is one row) */
    public ChunkGrid rows() {
        return ChunkGrid.rows(numel, rowLength());
    }

    /** @return the length of the last dimension (the whole tensor for 0-D and 1-D tensors) */
    public int rowLength() {
        return shape.length == 0 ? Math.max(1, numel) : (int) Math.max(1, shape[shape.length - 1]);
    }

    /**
     * @return the random stream {@code stream} of model {@code model} on this tensor: the same for the same seed,
     *     tensor name, model and stream, whichever thread asks
     */
    public SplittableRandom random(int model, long stream) {
        return Seeds.random(seed, name, model, stream);
    }

    // ---- passes ----

    /** Adds a chunk's contribution into {@code acc}. */
    @FunctionalInterface
    public interface ChunkReducer {
        void accept(Chunk c, double[] acc);
    }

    /** Does a chunk's work, writing only to places no other chunk writes. */
    @FunctionalInterface
    public interface ChunkAction {
        void accept(Chunk c);
    }

    /**
     * Writes a chunk's output elements: {@code out[j]} is element {@code c.from() + j}, for every
     * {@code j < c.length()} ({@code out} is a per-thread buffer with undefined contents, not the whole tensor).
     */
    @FunctionalInterface
    public interface ChunkWriter {
        void write(Chunk c, float[] out);
    }

    /**
     * A method's last pass, the one that writes its output ({@link MergeMethod#outputPass}): each chunk of
     * {@code grid} computed by {@code writer} from the inputs and whatever the method's earlier passes found.
     */
    public record OutputPass(ChunkGrid grid, ChunkWriter writer) {
    }

    /** Receives the output of each chunk of a streamed pass, from the worker that computed it. */
    @FunctionalInterface
    interface ChunkSink {
        /**
         * @param worker the worker slot ({@code 0 .. threads-1}), for per-worker buffers
         * @param from   the first element
         * @param values the chunk's output, {@code values[j]} being element {@code from + j}; may be modified
         * @param count  the number of elements
         */
        void accept(int worker, int from, float[] values, int count);
    }

    /**
     * Sums per-chunk contributions into {@code slots} accumulators. Chunks are grouped into at most
     * {@value #REDUCE_BLOCKS} consecutive blocks, each summed in chunk order, and the block sums are added in block
     * order: the result is the same for any number of threads.
     */
    public double[] reduce(ChunkGrid grid, int slots, ChunkReducer reducer) {
        int chunks = grid.chunks();
        int blocks = Math.min(chunks, REDUCE_BLOCKS);
        double[][] partial = new double[blocks][slots];
        workers.forEach(blocks, (worker, b) -> {
            int first = (int) ((long) b * chunks / blocks);
            int last = (int) ((long) (b + 1) * chunks / blocks);
            for (int c = first; c < last; c++) {
                Chunk chunk = new Chunk(this, grid, c, worker);
                reducer.accept(chunk, partial[b]);
                chunk.done();
            }
        });
        double[] total = new double[slots];
        for (double[] p : partial) {
            for (int s = 0; s < slots; s++) {
                total[s] += p[s];
            }
        }
        return total;
    }

    /** Runs {@code action} on the chunks {@code indices} of a grid, in parallel. */
    void forChunks(ChunkGrid grid, int[] indices, ChunkAction action) {
        workers.forEach(indices.length, (worker, i) -> run(new Chunk(this, grid, indices[i], worker), action));
    }

    /** Runs {@code action} on every chunk, in parallel. */
    public void forEach(ChunkGrid grid, ChunkAction action) {
        workers.forEach(grid.chunks(), (worker, c) -> run(new Chunk(this, grid, c, worker), action));
    }

    /** @return a new output tensor of the group's shape, filled chunk by chunk by {@code writer} */
    public FloatTensor map(ChunkGrid grid, ChunkWriter writer) {
        float[] out = new float[numel];
        stream(grid, writer, (worker, from, values, count) -> System.arraycopy(values, 0, out, from, count));
        return new FloatTensor(shape, out);
    }

    /** @return the tensor an output pass writes */
    public FloatTensor map(OutputPass pass) {
        return map(pass.grid(), pass.writer());
    }

    /**
     * Runs {@code writer} on every chunk, in parallel, handing each chunk's output to {@code sink} as soon as it is
     * computed: the whole float32 tensor never exists.
     */
    void stream(ChunkGrid grid, ChunkWriter writer, ChunkSink sink) {
        workers.forEach(grid.chunks(), (worker, c) -> {
            Chunk chunk = new Chunk(this, grid, c, worker);
            float[] out = chunk.output();
            writer.write(chunk, out);
            chunk.done();
            sink.accept(worker, chunk.from(), out, chunk.length());
        });
    }

    private static void run(Chunk chunk, ChunkAction action) {
        action.accept(chunk);
        chunk.done();
    }

    @Override
    public String toString() {
        return "TensorGroup[" + name + " " + Arrays.toString(shape) + ", base " + (base != null) + ", " + size()
                + " models]";
    }
}
