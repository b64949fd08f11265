package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.SafetensorsFile;
import org.safemerge.tensor.FloatTensor;

/**
 * A file over 2 GiB, with a tensor over 2 GiB, read through the memory-mapped path. The file is sparse (zeros except
 * for markers written past the 2 GiB mark), so it costs no disk space and little time.
 */
@Tag("slow")
class LargeFileTest {
    private static final long BIG = 600_000_000L; // float32 elements: 2.4 GB

    @Test
    void tensorsBeyondTwoGibAreReadExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.safetensors");
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + BIG + "],\"data_offsets\":[0," + (BIG * 4) + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[" + (BIG * 4) + "," + (BIG * 4 + 16)
                + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + h.length;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(dataStart + BIG * 4 + 16); // sparse
        }
        long[] markerIndex = {0, 536_870_911L, 536_870_912L, 599_999_999L}; // around the 2 GiB byte offset
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).flip(), 0);
            ch.write(ByteBuffer.wrap(h), 8);
            for (int i = 0; i < markerIndex.length; i++) {
                ch.write(floatBytes(i + 1.5f), dataStart + markerIndex[i] * 4);
            }
            ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            tail.putFloat(1f).putFloat(-2f).putFloat(3f).putFloat(-4f).flip();
            ch.write(tail, dataStart + BIG * 4);
        }
        assertTrue(file.toFile().length() > (1L << 31) + 1000);

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(BIG * 4, f.info("tail").begin(), "the tail tensor starts past 2 GiB");
            assertEquals(FloatTensor.of(new float[] {1, -2, 3, -4}, 4), f.read("tail"));
            FloatTensor big = f.read("big");
            for (int i = 0; i < markerIndex.length; i++) {
                assertEquals(i + 1.5f, big.data()[(int) markerIndex[i]], "marker " + i + " at " + markerIndex[i]);
            }
            assertEquals(0f, big.data()[300_000_000]);
        }
        Cli.Result r = Cli.run("inspect", file.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("2 tensors, 600,000,004 parameters, 2.40 GB in 1 file(s)"), r.out());
    }

    private static ByteBuffer floatBytes(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).flip();
    }
}
