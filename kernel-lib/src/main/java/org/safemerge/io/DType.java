package org.safemerge.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format, with their bit widths and the names torch and mergekit use.
 *
 * <p>Every type except the sub-byte ones ({@link #F4}, {@link #F6_E2M3}, {@link #F6_E3M2}) and the complex
 * {@link #C64} can be read as float32 through {@link FloatCodec}; the float types can also be written from float32.
 */
public enum DType {
    BOOL(8, false, "bool"),
    U8(8, false, "uint8"),
    I8(8, false, "int8"),
    I16(16, false, "int16"),
    U16(16, false, "uint16"),
    I32(32, false, "int32"),
    U32(32, false, "uint32"),
    I64(64, false, "int64"),
    U64(64, false, "uint64"),
    F16(16, true, "float16"),
    BF16(16, true, "bfloat16"),
    F32(32, true, "float32"),
    F64(64, true, "float64"),
    C64(64, false, "complex64"),
    F8_E5M2(8, true, "float8_e5m2"),
    F8_E4M3(8, true, "float8_e4m3fn"),
    F8_E8M0(8, true, "float8_e8m0fnu"),
    F8_E4M3FNUZ(8, true, "float8_e4m3fnuz"),
    F8_E5M2FNUZ(8, true, "float8_e5m2fnuz"),
    F4(4, true, "float4_e2m1fn_x2"),
    F6_E2M3(6, true, "float6_e2m3"),
    F6_E3M2(6, true, "float6_e3m2");

    private final int bits;
    private final boolean floating;
    private final String torchName;

    DType(int bits, boolean floating, String torchName) {
        this.bits = bits;
        this.floating = floating;
        this.torchName = torchName;
    }

    /** @return bits per element (4 or 6 for the sub-byte types) */
    public int bits() {
        return bits;
    }

    /** @return bytes per element; throws for sub-byte types, whose elements do not fill whole bytes */
    public int byteSize() {
        if (bits % 8 != 0) {
            throw new UnsupportedOperationException(name() + " is a sub-byte type (" + bits + " bits per element)");
        }
        return bits / 8;
    }

    /** @return true for the sub-byte types (F4, F6_*), which this library can describe but not decode */
    public boolean isSubByte() {
        return bits % 8 != 0;
    }

    /** @return true for floating-point types */
    public boolean isFloatingPoint() {
        return floating;
    }

    /** @return true if {@link FloatCodec} can read this type as float32 */
    public boolean isDecodable() {
        return !isSubByte() && this != C64;
    }

    /** @return true if {@link FloatCodec} can write float32 values as this type */
    public boolean isEncodable() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** @return the torch dtype name without the {@code torch.} prefix ("bfloat16", "float32", ...) */
    public String torchName() {
        return torchName;
    }

    /** @return the safetensors header name ("BF16", "F32", ...) */
    public String safetensorsName() {
        return name();
    }

    /**
     * The number of bytes {@code numel} elements take.
     *
     * @throws IllegalArgumentException if the total bit count is not a multiple of 8 (safetensors' MisalignedSlice)
     */
    public long bytesFor(long numel) {
        long totalBits = Math.multiplyExact(numel, (long) bits);
        if (totalBits % 8 != 0) {
            throw new IllegalArgumentException(numel + " elements of " + name() + " take " + totalBits
                    + " bits, which is not a whole number of bytes");
        }
        return totalBits / 8;
    }

    /**
     * Parses a safetensors dtype string ("BF16").
     *
     * @throws IllegalArgumentException naming the known types if the string is not one
     */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown safetensors dtype '" + name + "'; known: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /**
     * Parses a torch/mergekit dtype name as written in recipes and config.json: {@code bfloat16}, {@code float16},
     * {@code float32}, {@code float64}, {@code int64}, with an optional {@code torch.} prefix; {@code bf16},
     * {@code fp16}, {@code half}, {@code float} and {@code fp32} are accepted as aliases.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static DType fromTorchName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("torch.")) {
            n = n.substring("torch.".length());
        }
        return switch (n) {
            case "bfloat16", "bf16" -> BF16;
            case "float16", "fp16", "half" -> F16;
            case "float32", "fp32", "float" -> F32;
            case "float64", "fp64", "double" -> F64;
            case "int64", "long" -> I64;
            default -> throw new IllegalArgumentException("unknown dtype '" + name
                    + "'; expected one of bfloat16, float16, float32, float64, int64 (optionally prefixed torch.)");
        };
    }
}
