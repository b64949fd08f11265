package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;
import org.safemerge.io.TensorSpec;
import org.safemerge.tensor.FloatTensor;

/**
 * The weights of one model as DJL arrays, checked against its {@link ModelSpec}: every tensor present with the
 * right shape. Owns its arrays through its own manager; {@link #replace} swaps in another set of the same
 * architecture without touching anything else (the search scores hundreds of merged candidates this way).
 *
 * <p>Values arrive as float32 from {@link TensorSource#load} (BF16/F16 files are converted in Java: DJL's PyTorch
 * engine aborts on BF16) and are cast to the compute type on the device.
 */
public final class ModelWeights implements Weights, AutoCloseable {
    private final ModelSpec spec;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    /**
     * Loads and checks weights.
     *
     * @param spec    the blueprint the weights must fit
     * @param source  the tensors (a Checkpoint or a TensorSet); extra tensors are ignored
     * @param parent  the manager whose device the arrays live on (a sub-manager is created and owned)
     * @param dtype   the compute type (float32; float16 on GPU)
     * @throws IllegalArgumentException naming the first missing tensor or shape mismatch
     */
    public ModelWeights(ModelSpec spec, TensorSource source, NDManager parent, DataType dtype) {
        this.spec = spec;
        this.dtype = dtype;
        check(spec, source);
        this.manager = parent.newSubManager();
        try {
            for (TensorSpec t : spec.tensors()) {
                arrays.put(t.name(), upload(source.load(t.name()), t));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Checks that a source has every tensor of a spec with the expected shape, before anything is loaded.
     *
     * @throws IllegalArgumentException naming the tensor, the shapes and the source
     */
    public static void check(ModelSpec spec, TensorSource source) {
        String where = describe(source);
        for (TensorSpec t : spec.tensors()) {
            if (!source.contains(t.name())) {
                throw new IllegalArgumentException(where + ": missing tensor " + t.name() + " (expected shape "
                        + t.shapeString() + " for " + spec.architecture().className() + ")");
            }
            long[] got = source.spec(t.name()).shape();
            if (!Arrays.equals(got, t.shape())) {
                throw new IllegalArgumentException(where + ": tensor " + t.name() + " has shape "
                        + Arrays.toString(got) + " but the config implies " + t.shapeString());
            }
        }
    }

    /** @return a checkpoint's path, or a short name for an in-memory source */
    private static String describe(TensorSource source) {
        if (source instanceof Checkpoint c) {
            return c.path().toString();
        }
        return source instanceof TensorSet ? "in-memory weights" : source.getClass().getSimpleName();
    }

    private NDArray upload(FloatTensor t, TensorSpec expected) {
        NDArray a = Transformer.keep(manager.create(t.data(), new Shape(expected.shape())));
        if (dtype != DataType.FLOAT32) {
            NDArray cast = Transformer.keep(a.toType(dtype, false));
            a.close();
            a = cast;
        }
        return a;
    }

    /**
     * Replaces every tensor with the one of the same name in {@code source}, after checking all of them.
     *
     * @throws IllegalArgumentException if the source does not fit the spec (nothing is replaced then)
     */
    public void replace(TensorSource source) {
        check(spec, source);
        for (TensorSpec t : spec.tensors()) {
            FloatTensor v = source.load(t.name());
            NDArray old = arrays.get(t.name());
            // A fresh array rather than old.set(...): DJL's in-place copy makes libtorch print a deprecation
            // warning on stderr, and a new allocation costs the same copy.
            arrays.put(t.name(), upload(v, t));
            old.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no weight named '" + name + "' in this "
                    + spec.architecture().className() + " model");
        }
        return a;
    }

    /** @return the arrays by name (lm_head absent when tied); owned by this object */
    public Map<String, NDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    /** @return the names in Hugging Face order */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** @return the compute type */
    public DataType dataType() {
        return dtype;
    }

    /** @return a float32 copy of every tensor in Java memory, in Hugging Face order */
    public TensorSet toTensorSet() {
        TensorSet set = new TensorSet();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            float[] data;
            if (a.getDataType() == DataType.FLOAT32) {
                data = a.toFloatArray();
            } else {
                try (NDArray f = a.toType(DataType.FLOAT32, false)) {
                    data = f.toFloatArray();
                }
            }
            set.put(e.getKey(), new FloatTensor(a.getShape().getShape(), data));
        }
        return set;
    }

    @Override
    public void close() {
        manager.close();
    }
}
