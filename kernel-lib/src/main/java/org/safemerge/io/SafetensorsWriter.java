package org.safemerge.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.safemerge.tensor.FloatTensor;

/**
 * Writes one safetensors file tensor by tensor, in any order, with bounded memory.
 *
 * <p>The header is fixed up front from the declared tensors ({@link SafetensorsLayout}); each {@code write} converts
 * the float32 values to the declared dtype in chunks and writes them at the tensor's offset; raw bytes may also
 * come in pieces ({@link #writeRaw(String, long, MemorySegment)}). {@link #finish()} checks that every declared
 * tensor was written. Thread-safe: different tensors, and different pieces of one tensor, may be written
 * concurrently.
 * The file is only complete after {@code finish()}; callers write into a temporary directory
 * ({@link AtomicDirectory}) so an interrupted write never looks like a finished one.
 */
public final class SafetensorsWriter implements AutoCloseable {
    /** Bytes converted and written per chunk. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path path;
    private final SafetensorsLayout layout;
    private final Map<String, TensorInfo> byName;
    private final FileChannel channel;
    private final long dataStart;
    private final Set<String> written = new HashSet<>();
    /** Bytes received so far of tensors being written in pieces, until they are complete. */
    private final Map<String, Long> partial = new java.util.HashMap<>();

    private SafetensorsWriter(Path path, SafetensorsLayout layout, FileChannel channel) {
        this.path = path;
        this.layout = layout;
        this.byName = layout.byName();
        this.channel = channel;
        this.dataStart = 8L + layout.header().length;
    }

    /**
     * Creates the file (which must not exist) and writes its header.
     *
     * @param metadata the {@code __metadata__} map; HF checkpoints use {@code {"format": "pt"}}
     */
    public static SafetensorsWriter create(Path path, List<TensorSpec> specs, Map<String, String> metadata) {
        SafetensorsLayout layout = SafetensorsLayout.of(specs, metadata);
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            try {
                ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(layout.header().length).flip();
                writeFully(ch, prefix, 0);
                writeFully(ch, ByteBuffer.wrap(layout.header()), 8);
                return new SafetensorsWriter(path, layout, ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    /** @return the layout being written */
    public SafetensorsLayout layout() {
        return layout;
    }

    /** Writes a declared tensor from float32 values, converting to its declared dtype. */
    public void write(String name, FloatTensor tensor) {
        TensorInfo declared = declared(name);
        if (!java.util.Arrays.equals(declared.shape(), tensor.shape())) {
            throw new IllegalArgumentException("tensor '" + name + "' was declared with shape "
                    + declared.spec().shapeString() + " but has shape " + tensor.shapeString());
        }
        TensorInfo t = claim(name);
        DType dtype = t.dtype();
        int elementBytes = dtype.byteSize();
        int perChunk = Math.max(1, CHUNK_BYTES / elementBytes);
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.min(perChunk, Math.max(1, tensor.numel())) * elementBytes)
                .order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment seg = MemorySegment.ofBuffer(buf);
        float[] src = tensor.data();
        try {
            for (int done = 0; done < src.length; ) {
                int n = Math.min(perChunk, src.length - done);
                FloatCodec.encode(dtype, src, done, n, seg, 0);
                buf.clear().limit(n * elementBytes);
                writeFully(channel, buf, dataStart + t.begin() + (long) done * elementBytes);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tensor '" + name + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes a declared tensor from raw little-endian bytes already in its dtype (a byte-exact copy). */
    public void writeRaw(String name, MemorySegment bytes) {
        if (bytes.byteSize() != declared(name).byteSize()) {
            throw new IllegalArgumentException("tensor '" + name + "' needs " + declared(name).byteSize()
                    + " bytes, got " + bytes.byteSize());
        }
        TensorInfo t = claim(name);
        try {
            for (long done = 0; done < bytes.byteSize(); ) {
                long n = Math.min(CHUNK_BYTES, bytes.byteSize() - done);
                ByteBuffer chunk = bytes.asSlice(done, n).asByteBuffer();
                writeFully(channel, chunk, dataStart + t.begin() + done);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tensor '" + name + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one piece of a declared tensor from raw little-endian bytes already in its dtype: its bytes
     * {@code [offset, offset + bytes.byteSize())}. A tensor may be written in disjoint pieces, in any order and from
     * several threads at once (the merge engine writes each chunk as soon as it is computed); it counts as written
     * once pieces covering its size have arrived. Nothing is buffered: each piece goes straight to the file.
     *
     * @throws IllegalArgumentException if the piece lies outside the tensor
     * @throws IllegalStateException    if the tensor was already written whole, or the pieces add up to more than
     *                                  its size (they overlap)
     */
    public void writeRaw(String name, long offset, MemorySegment bytes) {
        TensorInfo t = declared(name);
        long size = bytes.byteSize();
        if (offset < 0 || offset > t.byteSize() - size) {
            throw new IllegalArgumentException("bytes [" + offset + ", " + (offset + size) + ") lie outside tensor '"
                    + name + "' of " + t.byteSize() + " bytes");
        }
        claimPiece(t, size);
        try {
            for (long done = 0; done < size; ) {
                long n = Math.min(CHUNK_BYTES, size - done);
                writeFully(channel, bytes.asSlice(done, n).asByteBuffer(), dataStart + t.begin() + offset + done);
                done += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tensor '" + name + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    private synchronized void claimPiece(TensorInfo t, long size) {
        String name = t.name();
        if (written.contains(name)) {
            throw new IllegalStateException("tensor '" + name + "' was already written to " + path);
        }
        long got = partial.getOrDefault(name, 0L) + size;
        if (got > t.byteSize()) {
            throw new IllegalStateException("pieces of tensor '" + name + "' add up to " + got + " bytes, more than"
                    + " its " + t.byteSize() + " (they overlap)");
        }
        if (got == t.byteSize()) {
            partial.remove(name);
            written.add(name);
        } else {
            partial.put(name, got);
        }
    }

    private TensorInfo declared(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("tensor '" + name + "' was not declared for " + path);
        }
        return t;
    }

    private synchronized TensorInfo claim(String name) {
        TensorInfo t = declared(name);
        if (partial.containsKey(name) || !written.add(name)) {
            throw new IllegalStateException("tensor '" + name + "' was already written to " + path);
        }
        return t;
    }

    /**
     * Flushes the bytes written so far to the storage device, whether or not every tensor is written yet: called
     * from another thread while writing goes on, it starts the disk writes early so that {@link #finish()} has less
     * left to wait for.
     */
    public void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that every declared tensor was written, sizes the file exactly and flushes it to disk.
     *
     * @throws IllegalStateException naming the tensors never written
     */
    public void finish() {
        synchronized (this) {
            if (written.size() != byName.size()) {
                Set<String> missing = new TreeSet<>(byName.keySet());
                missing.removeAll(written);
                missing.removeAll(partial.keySet());
                throw new IllegalStateException(path + ": tensors declared but never written: " + missing
                        + (partial.isEmpty() ? "" : "; written in part: " + new TreeSet<>(partial.keySet())));
            }
        }
        try {
            if (channel.size() != layout.fileSize()) {
                throw new IllegalStateException(path + " is " + channel.size() + " bytes after writing every tensor;"
                        + " the layout says " + layout.fileSize());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }
}
