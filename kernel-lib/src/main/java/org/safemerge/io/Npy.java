package org.safemerge.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safemerge.tensor.FloatTensor;

/**
 * NumPy {@code .npy} files (format version 1.0) of float32 tensors: {@code "\x93NUMPY"}, version bytes 1 0, a
 * little-endian uint16 header length, a Python-literal header {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (T, V), }} padded with spaces and a newline to a multiple of 64 bytes, then the values little-endian in
 * C order. {@code numpy.load} reads what {@link #write} writes.
 *
 * @see <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">the .npy format</a>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Writes a tensor; the file appears only when complete (written beside it, then renamed).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, FloatTensor tensor) {
        StringBuilder shape = new StringBuilder();
        for (long d : tensor.shape()) {
            shape.append(d).append(", ");
        }
        if (tensor.rank() > 1) {
            shape.setLength(shape.length() - 2);   // "(3, 64)"; a 1-d shape keeps its comma: "(3,)"
        } else if (tensor.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape.toString().strip() + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        ByteBuffer data = ByteBuffer.allocate(tensor.numel() * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(tensor.data());
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
        try {
            Files.createDirectories(abs.getParent()); // as eval --out and synth --out do
            try (OutputStream out = Files.newOutputStream(tmp)) {
                out.write(head.array());
                out.write(header.getBytes(StandardCharsets.US_ASCII));
                out.write(data.array());
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the temporary file is hidden and clearly named
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a little-endian float32 C-order .npy file (version 1.0 or 2.0).
     *
     * @throws IllegalArgumentException if the file is not such a file
     */
    public static FloatTensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (!b.hasRemaining() || b.get() != m) {
                throw new IllegalArgumentException(file + ": not a .npy file (bad magic)");
            }
        }
        int major = b.get();
        b.get();
        int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        String header = new String(bytes, b.position(), headerLength, StandardCharsets.US_ASCII);
        b.position(b.position() + headerLength);
        if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
            throw new IllegalArgumentException(file + ": only little-endian float32 C-order arrays are read, header "
                    + header.strip());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": header has no shape: " + header.strip());
        }
        String[] parts = m.group(1).split(",");
        long[] shape = java.util.Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong).toArray();
        float[] data = new float[FloatTensor.checkedSize(shape)];
        b.asFloatBuffer().get(data);
        return new FloatTensor(shape, data);
    }
}
