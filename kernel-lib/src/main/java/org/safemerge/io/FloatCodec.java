package org.safemerge.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Converts tensor bytes (little-endian, as safetensors stores them) to and from float32, in Java.
 *
 * <p>Why here and not in DJL: DJL's PyTorch engine aborts the JVM on BF16 arrays, so every half-precision and FP8
 * conversion happens before data reaches an engine. Rounding is round-to-nearest-even, as torch does it; NaN stays NaN.
 */
public final class FloatCodec {
    static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final float[] E4M3FN = table8(4, 3, 7, false, false);
    private static final float[] E5M2 = table8(5, 2, 15, true, false);
    private static final float[] E4M3FNUZ = table8(4, 3, 8, false, true);
    private static final float[] E5M2FNUZ = table8(5, 2, 16, false, true);
    private static final float[] E8M0 = tableE8M0();

    private FloatCodec() {
    }

    /**
     * Reads {@code count} elements of type {@code type} from {@code src} at byte offset {@code srcOffset} into
     * {@code dst[dstIndex ...]} as float32.
     *
     * @throws UnsupportedOperationException for sub-byte and complex types
     */
    public static void decode(DType type, MemorySegment src, long srcOffset, float[] dst, int dstIndex, int count) {
        switch (type) {
            case F32 -> MemorySegment.copy(src, F32_LE, srcOffset, dst, dstIndex, count);
            case BF16 -> Bf16.decode(src, srcOffset, dst, dstIndex, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = Float.float16ToFloat(src.get(I16_LE, srcOffset + 2L * i));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = (float) src.get(F64_LE, srcOffset + 8L * i);
                }
            }
            case F8_E4M3 -> lookup(E4M3FN, src, srcOffset, dst, dstIndex, count);
            case F8_E5M2 -> lookup(E5M2, src, srcOffset, dst, dstIndex, count);
            case F8_E4M3FNUZ -> lookup(E4M3FNUZ, src, srcOffset, dst, dstIndex, count);
            case F8_E5M2FNUZ -> lookup(E5M2FNUZ, src, srcOffset, dst, dstIndex, count);
            case F8_E8M0 -> lookup(E8M0, src, srcOffset, dst, dstIndex, count);
            case BOOL, U8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(ValueLayout.JAVA_BYTE, srcOffset + i) & 0xFF;
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(ValueLayout.JAVA_BYTE, srcOffset + i);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(I16_LE, srcOffset + 2L * i);
                }
            }
            case U16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(I16_LE, srcOffset + 2L * i) & 0xFFFF;
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(I32_LE, srcOffset + 4L * i);
                }
            }
            case U32 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(I32_LE, srcOffset + 4L * i) & 0xFFFFFFFFL;
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstIndex + i] = src.get(I64_LE, srcOffset + 8L * i);
                }
            }
            case U64 -> {
                for (int i = 0; i < count; i++) {
                    long v = src.get(I64_LE, srcOffset + 8L * i);
                    dst[dstIndex + i] = v >= 0 ? v : (float) ((v >>> 1) | (v & 1)) * 2f;
                }
            }
            case C64, F4, F6_E2M3, F6_E3M2 -> throw new UnsupportedOperationException(
                    "cannot read " + type + " tensors as float32"
                            + (type.isSubByte() ? " (sub-byte types are not supported; dequantise them first)"
                            : " (complex values have no float32 form)"));
        }
    }

    /**
     * Writes {@code count} float32 values from {@code src[srcIndex ...]} into {@code dst} at byte offset
     * {@code dstOffset}, converted to {@code type} with round-to-nearest-even.
     *
     * @throws UnsupportedOperationException for types other than F32, F16, BF16 and F64
     */
    public static void encode(DType type, float[] src, int srcIndex, int count, MemorySegment dst, long dstOffset) {
        switch (type) {
            case F32 -> MemorySegment.copy(src, srcIndex, dst, F32_LE, dstOffset, count);
            case BF16 -> Bf16.encode(src, srcIndex, count, dst, dstOffset);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(I16_LE, dstOffset + 2L * i, Float.floatToFloat16(src[srcIndex + i]));
                }
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    dst.set(F64_LE, dstOffset + 8L * i, src[srcIndex + i]);
                }
            }
            default -> throw new UnsupportedOperationException(
                    "cannot write " + type + " tensors; output dtypes are float32, float16, bfloat16 and float64");
        }
    }

    /** bfloat16 bits to float32: the bf16 value is the upper half of a float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /** float32 to bfloat16 bits, round-to-nearest-even; NaN stays a (quiet) NaN. */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int lsb = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lsb) >>> 16);
    }

    /**
     * Rounds a float32 to the nearest value representable in {@code type} and back: the value a tensor holds after
     * a cast to {@code type}. F32 and F64 values are returned unchanged.
     */
    public static float round(DType type, float value) {
        return switch (type) {
            case BF16 -> bf16ToFloat(floatToBf16(value));
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(value));
            case F32, F64 -> value;
            default -> throw new UnsupportedOperationException("cannot round to " + type);
        };
    }

    /** Rounds every element in place, as {@link #round(DType, float)}. */
    public static void roundInPlace(DType type, float[] values) {
        roundInPlace(type, values, 0, values.length);
    }

    /** Rounds {@code values[from ..< from + count]} in place, as {@link #round(DType, float)}. */
    public static void roundInPlace(DType type, float[] values, int from, int count) {
        if (type == DType.F32 || type == DType.F64) {
            return;
        }
        if (type == DType.BF16) {
            Bf16.round(values, from, count);
            return;
        }
        for (int i = from; i < from + count; i++) {
            values[i] = round(type, values[i]);
        }
    }

    private static void lookup(float[] table, MemorySegment src, long off, float[] dst, int dstIndex, int count) {
        for (int i = 0; i < count; i++) {
            dst[dstIndex + i] = table[src.get(ValueLayout.JAVA_BYTE, off + i) & 0xFF];
        }
    }

    /**
     * Decoding table of an 8-bit float with {@code e} exponent bits, {@code m} mantissa bits and the given bias.
     *
     * @param ieeeSpecials exponent all-ones encodes inf (mantissa 0) and NaN (E5M2)
     * @param fnuz         the only special is 0x80 = NaN (no negative zero, no infinities: the *FNUZ types)
     */
    private static float[] table8(int e, int m, int bias, boolean ieeeSpecials, boolean fnuz) {
        float[] t = new float[256];
        int expMax = (1 << e) - 1;
        int manMax = (1 << m) - 1;
        for (int b = 0; b < 256; b++) {
            int sign = (b >>> 7) & 1;
            int exp = (b >>> m) & expMax;
            int man = b & manMax;
            float v;
            if (fnuz && b == 0x80) {
                v = Float.NaN;
            } else if (ieeeSpecials && exp == expMax) {
                v = man == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
            } else if (!ieeeSpecials && !fnuz && exp == expMax && man == manMax) {
                v = Float.NaN; // E4M3FN: S.1111.111 is NaN, there is no infinity
            } else if (exp == 0) {
                v = (float) (man / (double) (1 << m) * Math.pow(2, 1 - bias));
            } else {
                v = (float) ((1 + man / (double) (1 << m)) * Math.pow(2, exp - bias));
            }
            t[b] = sign == 1 && !Float.isNaN(v) ? -v : v;
        }
        return t;
    }

    /** E8M0: an unsigned power-of-two scale, 2^(e-127); 0xFF is NaN. */
    private static float[] tableE8M0() {
        float[] t = new float[256];
        for (int b = 0; b < 256; b++) {
            t[b] = b == 0xFF ? Float.NaN : (float) Math.pow(2, b - 127);
        }
        return t;
    }
}
