package org.safemerge.merge;

import java.util.Arrays;
import java.util.List;
import org.safemerge.io.DType;

/**
 * One output tensor of a {@link MergePlan}: where its inputs come from and the parameters resolved for it.
 *
 * @param name   the output tensor name (layers renumbered for slices)
 * @param shape  the output shape (embeddings may be cropped to a common size)
 * @param dtype  the dtype it is written as ({@code out_dtype}, else {@code dtype}, else its first input's)
 * @param layer  the output layer index, or -1 for tensors outside the layers (embeddings, final norm, LM head)
 * @param t      the position within its slice used to evaluate gradients (0 outside the layers)
 * @param base   the base model's input, or null when the method has no separate base
 * @param models the other inputs, in recipe order
 * @param params the method's parameters resolved for this tensor
 */
public record PlannedTensor(String name, long[] shape, DType dtype, int layer, double t, Input base,
                            List<Input> models, MergeParams params) {
    public PlannedTensor {
        shape = shape.clone();
        models = List.copyOf(models);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the bytes the tensor takes on disk */
    public long byteSize() {
        return dtype.bytesFor(numel());
    }

    /** @return the number of elements */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** @return the shape as "[4096, 4096]" */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /**
     * Where one input of a planned tensor comes from.
     *
     * @param model  the model reference as written in the recipe
     * @param tensor the tensor name in that model (after resolving a tied {@code lm_head})
     * @param dtype  its stored dtype
     * @param shape  its stored shape (cropped to the output shape when merging)
     */
    public record Input(String model, String tensor, DType dtype, long[] shape) {
        public Input {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public String toString() {
            return model + ":" + tensor;
        }
    }
}
