package org.safemerge.merge;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.safemerge.io.DType;
import org.safemerge.io.FloatCodec;
import org.safemerge.tensor.FloatTensor;

/**
 * Factories for {@link TensorInput}: over a float32 array, over the raw bytes of a memory-mapped safetensors tensor,
 * and a top-left crop (used when embedding matrices of different vocabulary sizes are merged).
 *
 * <p>The working dtype ({@code working}, may be null for "no cast") is applied on read: bf16 / f16 working dtypes
 * round every value to nearest-even, exactly as a torch {@code .to(dtype)} of the input would.
 */
public final class TensorInputs {
    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<short[]> SHORTS = ThreadLocal.withInitial(() -> new short[0]);

    private TensorInputs() {
    }

    /** @return a view of a float32 tensor, used as is (never modified) */
    public static TensorInput of(FloatTensor tensor) {
        return of(tensor, DType.F32, null);
    }

    /**
     * @param stored  the dtype the values are meant to have (their storage dtype)
     * @param working the recipe's working dtype, or null for no cast
     * @return a view of a float32 tensor, rounded to {@code working} on read when that is narrower than
     *     {@code stored}
     */
    public static TensorInput of(FloatTensor tensor, DType stored, DType working) {
        return new ArrayInput(tensor, roundingFor(stored, working));
    }

    /**
     * @param bytes   the tensor's little-endian bytes (e.g. {@code Checkpoint.raw(name)}), valid while the view is used
     * @param stored  their dtype
     * @param shape   the tensor's shape
     * @param working the recipe's working dtype, or null for no cast
     * @return a view decoding the bytes chunk by chunk; {@link TensorInput#release()} unloads their pages
     */
    public static TensorInput mapped(MemorySegment bytes, DType stored, long[] shape, DType working) {
        return new MappedInput(bytes, stored, shape, roundingFor(stored, working));
    }

    /**
     * @return the top-left {@code shape[0] x shape[1]} block of a 2-D input (the common sub-matrix of embeddings
     *     with different vocabulary sizes)
     * @throws IllegalArgumentException if the input is not 2-D or smaller than {@code shape}
     */
    public static TensorInput cropped(TensorInput input, long[] shape) {
        long[] full = input.shape();
        if (full.length != 2 || shape.length != 2 || shape[0] > full[0] || shape[1] > full[1]) {
            throw new IllegalArgumentException("cannot crop a tensor of shape " + Arrays.toString(full) + " to "
                    + Arrays.toString(shape));
        }
        return Arrays.equals(full, shape) ? input : new CroppedInput(input, shape);
    }

    /** @return the dtype to round to on read, or null when values of {@code stored} need no rounding */
    static DType roundingFor(DType stored, DType working) {
        if (working == null || working == stored || !(working == DType.BF16 || working == DType.F16)) {
            return null;
        }
        return working;
    }

    static void round(DType rounding, float[] dst, int offset, int count) {
        if (rounding != null) {
            FloatCodec.roundInPlace(rounding, dst, offset, count);
        }
    }

    private static void checkRange(int from, int count, int numel) {
        if (from < 0 || count < 0 || from + count > numel) {
            throw new IndexOutOfBoundsException("elements [" + from + ", " + (from + count) + ") of " + numel);
        }
    }

    /** A float32 array, optionally rounded on read. */
    private record ArrayInput(FloatTensor tensor, DType rounding) implements TensorInput {
        @Override
        public long[] shape() {
            return tensor.shape();
        }

        @Override
        public int numel() {
            return tensor.numel();
        }

        @Override
        public void read(int from, int count, float[] dst, int offset) {
            checkRange(from, count, tensor.numel());
            System.arraycopy(tensor.data(), from, dst, offset, count);
            round(rounding, dst, offset, count);
        }
    }

    /** Raw safetensors bytes, decoded in Java (bf16 and f16 inline, other types through FloatCodec). */
    private static final class MappedInput implements TensorInput {
        private final MemorySegment bytes;
        private final DType stored;
        private final long[] shape;
        private final int numel;
        private final DType rounding;

        MappedInput(MemorySegment bytes, DType stored, long[] shape, DType rounding) {
            this.bytes = bytes;
            this.stored = stored;
            this.shape = shape.clone();
            this.numel = FloatTensor.checkedSize(shape);
            this.rounding = rounding;
            if (!stored.isDecodable()) {
                throw new IllegalArgumentException("tensors of dtype " + stored + " cannot be read as float32");
            }
            if (bytes.byteSize() != stored.bytesFor(numel)) {
                throw new IllegalArgumentException("a " + stored + Arrays.toString(shape) + " tensor needs "
                        + stored.bytesFor(numel) + " bytes, got " + bytes.byteSize());
            }
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public int numel() {
            return numel;
        }

        @Override
        public void read(int from, int count, float[] dst, int offset) {
            checkRange(from, count, numel);
            switch (stored) {
                case F32 -> MemorySegment.copy(bytes, F32_LE, 4L * from, dst, offset, count);
                case BF16 -> FloatCodec.decode(DType.BF16, bytes, 2L * from, dst, offset, count);
                case F16 -> {
                    short[] buf = shorts(count);
                    MemorySegment.copy(bytes, I16_LE, 2L * from, buf, 0, count);
                    for (int i = 0; i < count; i++) {
                        dst[offset + i] = Float.float16ToFloat(buf[i]);
                    }
                }
                default -> FloatCodec.decode(stored, bytes, stored.bytesFor(from), dst, offset, count);
            }
            round(rounding, dst, offset, count);
        }

        private static short[] shorts(int count) {
            short[] buf = SHORTS.get();
            if (buf.length < count) {
                buf = new short[count];
                SHORTS.set(buf);
            }
            return buf;
        }

        @Override
        public void release() {
            // The pages stay in the page cache; dropping them from this process keeps its resident size bounded
            // by the chunks in work, not by the size of the models read so far.
            if (bytes.isMapped() && bytes.byteSize() > 0) {
                bytes.unload();
            }
        }

        @Override
        public void release(int from, int count) {
            if (bytes.isMapped() && count > 0) {
                long start = stored.bytesFor(from);
                bytes.asSlice(start, stored.bytesFor(from + count) - start).unload();
            }
        }
    }

    /** The top-left block of a 2-D input. */
    private record CroppedInput(TensorInput input, long[] shape) implements TensorInput {
        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public int numel() {
            return (int) (shape[0] * shape[1]);
        }

        @Override
        public void read(int from, int count, float[] dst, int offset) {
            checkRange(from, count, numel());
            int cols = (int) shape[1];
            int fullCols = (int) input.shape()[1];
            int done = 0;
            while (done < count) {
                int e = from + done;
                int row = e / cols;
                int col = e % cols;
                int n = Math.min(count - done, cols - col);
                input.read(row * fullCols + col, n, dst, offset + done);
                done += n;
            }
        }

        @Override
        public void release() {
            input.release();
        }
    }
}
