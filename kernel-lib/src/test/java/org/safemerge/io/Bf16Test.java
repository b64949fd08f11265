package org.safemerge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bulk bf16 conversions ({@link Bf16}) give bit for bit what the element-wise definitions in {@link FloatCodec}
 * give: every bf16 value decoded, and float32 bit patterns covering every exponent, rounding halfway cases, NaN
 * payloads, infinities and subnormals encoded and rounded, at offsets and lengths that cross block boundaries.
 */
class Bf16Test {
    @Test
    void decodeEqualsTheDefinitionForEveryBf16Value() {
        int n = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(2L * n + 2);
            for (int v = 0; v < n; v++) {
                src.set(FloatCodec.I16_LE, 2 + 2L * v, (short) v);
            }
            float[] dst = new float[n + 3];
            Bf16.decode(src, 2, dst, 3, n); // unaligned source and destination offsets
            for (int v = 0; v < n; v++) {
                int bf16 = v;
                assertEquals(Float.floatToRawIntBits(FloatCodec.bf16ToFloat((short) v)),
                        Float.floatToRawIntBits(dst[3 + v]), () -> "bf16 0x" + Integer.toHexString(bf16));
            }
        }
    }

    @Test
    void encodeAndRoundEqualTheDefinition() {
        float[] values = patterns();
        int n = values.length;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dst = arena.allocate(2L * n + 6);
            Bf16.encode(values, 1, n - 1, dst, 6);
            float[] rounded = values.clone();
            Bf16.round(rounded, 1, n - 1);
            assertEquals(Float.floatToRawIntBits(values[0]), Float.floatToRawIntBits(rounded[0]), "outside the range");
            for (int i = 1; i < n; i++) {
                short want = FloatCodec.floatToBf16(values[i]);
                int at = i;
                java.util.function.Supplier<String> what =
                        () -> "float bits 0x" + Integer.toHexString(Float.floatToRawIntBits(values[at]));
                assertEquals(want, dst.get(FloatCodec.I16_LE, 6 + 2L * (i - 1)), what);
                assertEquals(Float.floatToRawIntBits(FloatCodec.bf16ToFloat(want)),
                        Float.floatToRawIntBits(rounded[i]), what);
            }
        }
    }

    /** @return float32 values: a stride through all bit patterns, plus every low half under chosen upper halves */
    static float[] patterns() {
        List<Integer> bits = new ArrayList<>();
        for (long b = 0; b <= 0xFFFFFFFFL; b += 4099) {
            bits.add((int) b);
        }
        int[] uppers = {0x0000, 0x0001, 0x3F80, 0x3F81, 0x7F7F, 0x7F80, 0x7F81, 0x7FC0, 0x7FFF, 0x8000, 0x8001,
                0xBF80, 0xFF7F, 0xFF80, 0xFF81, 0xFFC0, 0xFFFF};
        int[] lowers = {0x0000, 0x0001, 0x3FFF, 0x7FFF, 0x8000, 0x8001, 0xBFFF, 0xC000, 0xFFFE, 0xFFFF};
        for (int u : uppers) {
            for (int l : lowers) {
                bits.add(u << 16 | l);
            }
        }
        float[] out = new float[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(bits.get(i));
        }
        return out;
    }
}
