package org.safemerge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatCodecTest {
    @Test
    void bf16RoundsToNearestEven() {
        // 1.0 + 2^-8 lies exactly halfway between bf16 1.0 and 1.0078125: ties go to the even mantissa (1.0)
        assertEquals(1.0f, FloatCodec.round(DType.BF16, 1.0f + 0x1p-8f));
        // 1.0078125 + 2^-8 is halfway between 1.0078125 (odd) and 1.015625 (even): rounds up
        assertEquals(1.015625f, FloatCodec.round(DType.BF16, 1.0078125f + 0x1p-8f));
        // just above halfway rounds up
        assertEquals(1.0078125f, FloatCodec.round(DType.BF16, Math.nextUp(1.0f + 0x1p-8f)));
        assertEquals((short) 0x3F80, FloatCodec.floatToBf16(1.0f));
        assertEquals((short) 0xC000, FloatCodec.floatToBf16(-2.0f));
        assertEquals(Float.POSITIVE_INFINITY, FloatCodec.round(DType.BF16, Float.MAX_VALUE), "overflow rounds to inf");
        assertTrue(Float.isNaN(FloatCodec.bf16ToFloat(FloatCodec.floatToBf16(Float.NaN))));
        // a NaN whose payload sits only in the low bits must not become infinity
        assertTrue(Float.isNaN(FloatCodec.round(DType.BF16, Float.intBitsToFloat(0x7F800001))));
    }

    @Test
    void f16UsesIeeeHalf() {
        assertEquals(65504f, FloatCodec.round(DType.F16, 65504f));
        assertEquals(Float.POSITIVE_INFINITY, FloatCodec.round(DType.F16, 70000f));
        assertEquals(0x1p-24f, FloatCodec.round(DType.F16, 0x1p-24f), "smallest subnormal");
    }

    @Test
    void fp8TablesMatchTheFormats() {
        assertEquals(448f, decodeByte(DType.F8_E4M3, 0x7E), "E4M3FN max");
        assertTrue(Float.isNaN(decodeByte(DType.F8_E4M3, 0x7F)), "E4M3FN NaN");
        assertEquals(0x1p-9f, decodeByte(DType.F8_E4M3, 0x01), "E4M3FN smallest subnormal");
        assertEquals(-1.0f, decodeByte(DType.F8_E4M3, 0xB8));
        assertEquals(57344f, decodeByte(DType.F8_E5M2, 0x7B), "E5M2 max");
        assertEquals(Float.NEGATIVE_INFINITY, decodeByte(DType.F8_E5M2, 0xFC));
        assertTrue(Float.isNaN(decodeByte(DType.F8_E5M2, 0x7D)));
        assertEquals(240f, decodeByte(DType.F8_E4M3FNUZ, 0x7F), "E4M3FNUZ max");
        assertTrue(Float.isNaN(decodeByte(DType.F8_E4M3FNUZ, 0x80)), "FNUZ NaN is 0x80");
        assertEquals(1.0f, decodeByte(DType.F8_E4M3FNUZ, 0x40));
        assertEquals(57344f, decodeByte(DType.F8_E5M2FNUZ, 0x7F), "E5M2FNUZ max");
        assertEquals(1.0f, decodeByte(DType.F8_E8M0, 127));
        assertEquals(0x1p-127f, decodeByte(DType.F8_E8M0, 0));
        assertTrue(Float.isNaN(decodeByte(DType.F8_E8M0, 0xFF)));
    }

    @Test
    void integersDecodeExactly() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        float[] out = new float[1];
        FloatCodec.decode(DType.U64, s, 0, out, 0, 1);
        assertEquals(1.8446744e19f, out[0]);
        FloatCodec.decode(DType.I64, s, 0, out, 0, 1);
        assertEquals(-1f, out[0]);
        FloatCodec.decode(DType.U16, s, 0, out, 0, 1);
        assertEquals(65535f, out[0]);
        FloatCodec.decode(DType.I8, s, 0, out, 0, 1);
        assertEquals(-1f, out[0]);
    }

    @Test
    void encodeThenDecodeIsBitExactForEveryWritableType() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] values = new float[200_003]; // more than one internal chunk
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-6, 6)));
        }
        for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
            MemorySegment seg = MemorySegment.ofArray(new byte[values.length * t.byteSize()]);
            FloatCodec.encode(t, values, 0, values.length, seg, 0);
            float[] back = new float[values.length];
            FloatCodec.decode(t, seg, 0, back, 0, values.length);
            for (int i = 0; i < values.length; i++) {
                float expected = FloatCodec.round(t, values[i]);
                if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(back[i])) {
                    throw new AssertionError(t + " element " + i + ": " + values[i] + " -> " + back[i]
                            + ", expected " + expected);
                }
            }
        }
    }

    @Test
    void subByteTypesAreRefusedClearly() {
        var e = assertThrows(UnsupportedOperationException.class,
                () -> FloatCodec.decode(DType.F4, MemorySegment.ofArray(new byte[1]), 0, new float[2], 0, 2));
        assertTrue(e.getMessage().contains("sub-byte"), e.getMessage());
    }

    private static float decodeByte(DType t, int b) {
        float[] out = new float[1];
        FloatCodec.decode(t, MemorySegment.ofArray(new byte[] {(byte) b}), 0, out, 0, 1);
        return out[0];
    }
}
