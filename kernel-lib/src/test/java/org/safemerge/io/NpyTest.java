package org.safemerge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.tensor.FloatTensor;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void writesVersion1HeaderAlignedTo64BytesAndLittleEndianData() throws Exception {
        FloatTensor t = FloatTensor.of(new float[] {1f, -2.5f, 3e-3f, 4f, 5f, 6f}, 2, 3);
        Path f = dir.resolve("a.npy");
        Npy.write(f, t);
        byte[] b = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(b, 8));
        int headerLength = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(b, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 6 * 4, b.length);
        assertEquals(0x3f800000, java.nio.ByteBuffer.wrap(b, 10 + headerLength, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        assertEquals(t, Npy.read(f));
    }

    @Test
    void oneDimensionalShapeKeepsPythonsTrailingComma() throws Exception {
        Path f = dir.resolve("v.npy");
        Npy.write(f, FloatTensor.of(new float[] {7f}, 1));
        assertTrue(Files.readString(f, StandardCharsets.ISO_8859_1).contains("'shape': (1,)"));
        assertEquals(FloatTensor.of(new float[] {7f}, 1), Npy.read(f));
    }
}
