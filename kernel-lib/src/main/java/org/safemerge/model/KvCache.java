package org.safemerge.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for the columns already processed, so each generation step runs the new token
 * only. Preallocated to a fixed capacity ([B, nKV, capacity, hd] per layer) and filled in place: a step costs no
 * copy of the past. The sliding window is applied by the mask, not by evicting columns.
 *
 * <p>Owns its arrays (closed with the cache). The views it returns belong to the current {@code NDScope}.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;     // per layer [B, nKV, capacity, hd]
    private final NDArray[] values;   // per layer [B, nKV, capacity, hd]
    private final int capacity;
    private int length;

    /**
     * @param model    the transformer the cache serves
     * @param parent   manager of the device
     * @param batch    rows
     * @param capacity columns (prompt length + new tokens)
     */
    public KvCache(Transformer model, NDManager parent, int batch, int capacity) {
        ModelSpec spec = model.spec();
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[spec.numLayers()];
        this.values = new NDArray[spec.numLayers()];
        Shape shape = new Shape(batch, spec.numKvHeads(), capacity, spec.headDim());
        DataType type = model.dataType();
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Transformer.keep(manager.zeros(shape, type));
            values[l] = Transformer.keep(manager.zeros(shape, type));
        }
    }

    /** @return columns filled so far */
    public int length() {
        return length;
    }

    /** @return columns available */
    public int capacity() {
        return capacity;
    }

    /**
     * Writes the new keys of a layer after the filled columns.
     *
     * @param k [B, nKV, T, hd]
     * @return all keys so far [B, nKV, length + T, hd] (a view)
     */
    NDArray appendKeys(int layer, NDArray k) {
        return append(keys[layer], k);
    }

    /** As {@link #appendKeys} for values. */
    NDArray appendValues(int layer, NDArray v) {
        return append(values[layer], v);
    }

    private NDArray append(NDArray store, NDArray x) {
        long t = x.getShape().get(2);
        if (length + t > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + t + " columns exceed its capacity "
                    + capacity);
        }
        store.set(new NDIndex(":, :, {}:{}", length, length + t), x);
        return store.get(new NDIndex(":, :, :{}", length + t));
    }

    /** Marks {@code t} more columns as filled (after every layer has appended). */
    void advance(int t) {
        length += t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
