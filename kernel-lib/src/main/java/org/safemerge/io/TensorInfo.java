package org.safemerge.io;

/**
 * A tensor's entry in a safetensors header.
 *
 * @param spec  name, dtype and shape
 * @param begin first byte, relative to the start of the data buffer (the byte after the header)
 * @param end   one past the last byte, relative to the data buffer
 */
public record TensorInfo(TensorSpec spec, long begin, long end) {
    /** @return the tensor name */
    public String name() {
        return spec.name();
    }

    /** @return the element type */
    public DType dtype() {
        return spec.dtype();
    }

    /** @return the dimensions */
    public long[] shape() {
        return spec.shape();
    }

    /** @return the number of elements */
    public long numel() {
        return spec.numel();
    }

    /** @return the bytes the tensor takes */
    public long byteSize() {
        return end - begin;
    }
}
