package org.safemerge.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.tensor.FloatTensor;

/**
 * Named float32 tensors held in memory, in insertion order: a merged model that never touched the disk, or a
 * checkpoint loaded whole. {@link #spec} reports the dtype the tensors are meant to be stored as.
 */
public final class TensorSet implements TensorSource {
    private final Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    private final Map<String, DType> dtypes = new LinkedHashMap<>();

    /** Adds or replaces a tensor, to be stored as float32. */
    public TensorSet put(String name, FloatTensor tensor) {
        return put(name, tensor, DType.F32);
    }

    /** Adds or replaces a tensor, to be stored as {@code dtype}. */
    public TensorSet put(String name, FloatTensor tensor, DType dtype) {
        tensors.put(name, tensor);
        dtypes.put(name, dtype);
        return this;
    }

    /** Loads every tensor of a source into memory (aliases such as a tied lm_head are not copied). */
    public static TensorSet copyOf(TensorSource source) {
        TensorSet set = new TensorSet();
        for (String name : source.tensorNames()) {
            set.put(name, source.load(name), source.spec(name).dtype());
        }
        return set;
    }

    /** @return the tensor itself (not a copy), or an error naming the missing tensor */
    public FloatTensor get(String name) {
        FloatTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named '" + name + "' in this tensor set");
        }
        return t;
    }

    /** @return an unmodifiable view of the tensors by name */
    public Map<String, FloatTensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /** @return the number of tensors */
    public int size() {
        return tensors.size();
    }

    @Override
    public List<String> tensorNames() {
        return new ArrayList<>(tensors.keySet());
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    @Override
    public TensorSpec spec(String name) {
        return new TensorSpec(name, dtypes.get(name), get(name).shape());
    }

    /** {@inheritDoc} Returns the stored tensor itself, not a copy: do not modify it. */
    @Override
    public FloatTensor load(String name) {
        return get(name);
    }

    /** @return total number of elements */
    public long parameterCount() {
        return tensors.values().stream().mapToLong(FloatTensor::numel).sum();
    }
}
