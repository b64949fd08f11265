package org.safemerge.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.tensor.FloatTensor;

/**
 * One safetensors file, validated on open and memory-mapped read-only with the FFM API.
 *
 * <p>The whole data buffer is one {@link MemorySegment}, so files and tensors over 2 GiB need no splitting, and
 * nothing is read onto the heap until a tensor is asked for. The file owns its mapping: {@link #close()} unmaps
 * it, after which segments handed out earlier must not be used. The mapping is shared, so several threads may
 * read tensors at once.
 *
 * <pre>
 * try (var f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     FloatTensor w = f.read("model.embed_tokens.weight");   // bf16/f16/fp8 converted to float32
 * }
 * </pre>
 */
public final class SafetensorsFile implements AutoCloseable {
    private final Path path;
    private final SafetensorsHeader header;
    private final Map<String, TensorInfo> byName;
    private final long headerLength;
    private final Arena arena;
    private final MemorySegment data;

    private SafetensorsFile(Path path, SafetensorsHeader header, long headerLength, Arena arena, MemorySegment data) {
        this.path = path;
        this.header = header;
        this.headerLength = headerLength;
        this.arena = arena;
        this.data = data;
        this.byName = new LinkedHashMap<>();
        for (TensorInfo t : header.tensors()) {
            byName.put(t.name(), t);
        }
    }

    /**
     * Opens, validates and maps a file.
     *
     * @throws CheckpointFormatException if the file breaks a rule of the format (the message says which)
     * @throws UncheckedIOException      if the file cannot be read
     */
    public static SafetensorsFile open(Path path) {
        String label = path.toString();
        if (Files.isDirectory(path)) {
            throw new CheckpointFormatException(label + " is a directory, not a safetensors file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointFormatException(label + ": file is " + size
                        + " bytes; a safetensors file starts with an 8-byte header length (HeaderTooSmall)");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, prefix, 0);
            long n = prefix.flip().getLong();
            SafetensorsHeader.checkLength(n, size, label);
            ByteBuffer headerBuf = ByteBuffer.allocate((int) n);
            readFully(ch, headerBuf, 8);
            long dataLength = size - 8 - n;
            SafetensorsHeader header = SafetensorsHeader.parse(headerBuf.array(), dataLength, label);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment data = dataLength == 0 ? MemorySegment.ofArray(new byte[0])
                        : ch.map(FileChannel.MapMode.READ_ONLY, 8 + n, dataLength, arena);
                return new SafetensorsFile(path, header, n, arena, data);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointFormatException(label + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + label + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + pos);
            }
            pos += r;
        }
    }

    /** @return the file's path */
    public Path path() {
        return path;
    }

    /** @return the tensors, sorted by their position in the file */
    public List<TensorInfo> tensors() {
        return header.tensors();
    }

    /** @return the {@code __metadata__} map (empty if the file has none) */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** @return the header length N (the data buffer starts at byte 8 + N) */
    public long headerLength() {
        return headerLength;
    }

    /** @return the size of the data buffer in bytes */
    public long dataLength() {
        return data.byteSize();
    }

    /** @return true if the file holds a tensor of that name */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * @return the header entry of a tensor
     * @throws IllegalArgumentException naming the file if there is no such tensor
     */
    public TensorInfo info(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException(path + " has no tensor named '" + name + "'");
        }
        return t;
    }

    /** @return the raw little-endian bytes of a tensor, as a read-only view of the mapping (valid until close) */
    public MemorySegment segment(String name) {
        TensorInfo t = info(name);
        return data.asSlice(t.begin(), t.byteSize());
    }

    /**
     * Reads a tensor as float32, converting its dtype in Java.
     *
     * @throws CheckpointFormatException for dtypes that have no float32 form (sub-byte, complex)
     */
    public FloatTensor read(String name) {
        TensorInfo t = info(name);
        float[] out = new float[FloatTensor.checkedSize(t.shape())];
        readInto(t, out, 0);
        return new FloatTensor(t.shape(), out);
    }

    /** Reads a tensor's elements as float32 into {@code dst[offset ...]}. */
    public void readInto(TensorInfo t, float[] dst, int offset) {
        if (!t.dtype().isDecodable()) {
            throw new CheckpointFormatException(path + ": tensor '" + t.name() + "' has dtype " + t.dtype()
                    + ", which cannot be read as float32"
                    + (t.dtype().isSubByte() ? " (sub-byte types are not supported; dequantise it first)" : ""));
        }
        FloatCodec.decode(t.dtype(), data, t.begin(), dst, offset, (int) t.numel());
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + header.tensors().size() + " tensors]";
    }
}
