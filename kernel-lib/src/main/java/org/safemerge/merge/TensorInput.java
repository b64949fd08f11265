package org.safemerge.merge;

/**
 * A read-only float32 view of one input tensor, decoded on demand, chunk by chunk: the way a merge method reads
 * its inputs. Values are already rounded to the recipe's working dtype. Implementations are thread-safe.
 *
 * @see TensorInputs for the implementations (arrays, memory-mapped safetensors bytes, cropped embeddings)
 */
public interface TensorInput {
    /** @return the dimensions, outermost first */
    long[] shape();

    /** @return the number of elements */
    int numel();

    /**
     * Copies elements {@code [from, from + count)} (row-major) as float32 into {@code dst[offset ...]}.
     *
     * @throws IndexOutOfBoundsException if the range is outside the tensor
     */
    void read(int from, int count, float[] dst, int offset);

    /** Lets go of cached pages once the tensor is merged (memory-mapped inputs); the view stays usable. */
    default void release() {
    }

    /**
     * Lets go of the pages behind elements {@code [from, from + count)} (memory-mapped inputs), so that a process
     * reading a large tensor in passes holds only the chunks in work; a later read maps them again from the page
     * cache. The default does nothing.
     */
    default void release(int from, int count) {
    }
}
