package org.safemerge.tensor;

import java.util.Arrays;

/**
 * A dense float32 tensor in row-major order: the unit the merge engine and the search work on.
 *
 * <p>The data array is shared, not copied: a method that must not change its input copies it first
 * ({@link #copy()}). Tensors are limited to {@link Integer#MAX_VALUE} - 8 elements, the largest Java array.
 *
 * @param shape the dimensions, outermost first; {@code []} is a scalar
 * @param data  the values, {@code numel(shape)} of them
 */
public record FloatTensor(long[] shape, float[] data) {
    /** The largest element count a Java array can hold. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public FloatTensor {
        shape = shape.clone();
        long n = numel(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + data.length);
        }
    }

    /** @return a zero tensor of the given shape */
    public static FloatTensor zeros(long... shape) {
        return new FloatTensor(shape, new float[checkedSize(shape)]);
    }

    /** @return a tensor of the given shape over the given values (not copied) */
    public static FloatTensor of(float[] data, long... shape) {
        return new FloatTensor(shape, data);
    }

    /** @return the number of elements */
    public int numel() {
        return data.length;
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the size of dimension {@code i}; negative {@code i} counts from the end */
    public long dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return a deep copy */
    public FloatTensor copy() {
        return new FloatTensor(shape, data.clone());
    }

    /** @return true if both shapes are equal */
    public boolean sameShape(FloatTensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** @return the shape as "[4096, 4096]" */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        int show = Math.min(data.length, 6);
        StringBuilder sb = new StringBuilder("FloatTensor").append(shapeString()).append(" [");
        for (int i = 0; i < show; i++) {
            sb.append(i > 0 ? ", " : "").append(data[i]);
        }
        return sb.append(data.length > show ? ", ...]" : "]").toString();
    }

    /** @return the product of the dimensions, checked for overflow and negative sizes */
    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** @return the element count as an int, or an error saying the tensor is too large for one Java array */
    public static int checkedSize(long[] shape) {
        long n = numel(shape);
        if (n > MAX_ELEMENTS) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has " + n
                    + " elements; at most " + MAX_ELEMENTS + " fit in one float32 tensor in memory");
        }
        return (int) n;
    }
}
