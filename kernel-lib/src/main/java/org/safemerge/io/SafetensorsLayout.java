package org.safemerge.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each tensor goes in a safetensors file about to be written, following the writer conventions of the
 * reference implementation: tensors ordered by dtype alignment (descending) then name, so each is naturally aligned,
 * and the JSON header padded with spaces to a multiple of 8 bytes, so the data buffer starts 8-byte aligned.
 *
 * @param header  the header bytes, padding included
 * @param tensors the entries in file order
 */
public record SafetensorsLayout(byte[] header, List<TensorInfo> tensors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Lays out the given tensors.
     *
     * @param specs    the tensors, in any order; names must be unique
     * @param metadata the {@code __metadata__} map, written first (may be empty)
     * @throws IllegalArgumentException on a duplicate name or an unwritable dtype
     */
    public static SafetensorsLayout of(List<TensorSpec> specs, Map<String, String> metadata) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec s : specs) {
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("tensor '" + s.name() + "' is listed twice");
            }
            if (s.name().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
        }
        List<TensorSpec> ordered = new ArrayList<>(specs);
        ordered.sort(Comparator.comparingInt((TensorSpec s) -> -alignment(s.dtype())).thenComparing(TensorSpec::name));
        List<TensorInfo> infos = new ArrayList<>(ordered.size());
        long offset = 0;
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        for (TensorSpec s : ordered) {
            long size = s.byteSize();
            TensorInfo info = new TensorInfo(s, offset, offset + size);
            infos.add(info);
            ObjectNode entry = root.putObject(s.name());
            entry.put("dtype", s.dtype().safetensorsName());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(s.shape()).forEach(shape::add);
            entry.putArray("data_offsets").add(info.begin()).add(info.end());
            offset += size;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return new SafetensorsLayout(header, infos);
    }

    /** @return the entries by name */
    public Map<String, TensorInfo> byName() {
        Map<String, TensorInfo> m = new LinkedHashMap<>();
        tensors.forEach(t -> m.put(t.name(), t));
        return m;
    }

    /** @return the bytes of all tensor data */
    public long dataLength() {
        return tensors.isEmpty() ? 0 : tensors.get(tensors.size() - 1).end();
    }

    /** @return the size of the whole file: 8 + header + data */
    public long fileSize() {
        return 8 + header.length + dataLength();
    }

    private static int alignment(DType t) {
        return t.isSubByte() ? 1 : t.byteSize();
    }
}
