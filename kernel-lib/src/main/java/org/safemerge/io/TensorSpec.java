package org.safemerge.io;

import java.util.Arrays;
import org.safemerge.tensor.FloatTensor;

/**
 * What a tensor is, independent of where its bytes live: name, element type and shape.
 *
 * @param name  the Hugging Face tensor name ("model.layers.0.self_attn.q_proj.weight")
 * @param dtype the element type
 * @param shape the dimensions, outermost first
 */
public record TensorSpec(String name, DType dtype, long[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long numel() {
        return FloatTensor.numel(shape);
    }

    /** @return the bytes the tensor takes in a file */
    public long byteSize() {
        return dtype.bytesFor(numel());
    }

    /** @return the shape as "[4096, 4096]" */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && dtype == s.dtype && Arrays.equals(shape, s.shape);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeString();
    }
}
