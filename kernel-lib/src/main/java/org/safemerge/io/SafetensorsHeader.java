package org.safemerge.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed and fully validated safetensors header, following the rules of the reference implementation
 * (huggingface/safetensors {@code read_metadata} and {@code Metadata::validate}):
 * <ul>
 *   <li>the header length is at most {@value #MAX_HEADER_SIZE} bytes and fits in the file;</li>
 *   <li>the header is UTF-8 JSON, an object starting with {@code {}, with no duplicate keys;</li>
 *   <li>{@code __metadata__}, if present, maps strings to strings only;</li>
 *   <li>every tensor has a known {@code dtype}, a {@code shape} of non-negative integers and two
 *       {@code data_offsets}; extra keys in an entry are tolerated, as serde does;</li>
 *   <li>sorted by offset, the tensors tile the data buffer from 0 with no hole and no overlap;</li>
 *   <li>each tensor's byte count is exactly numel &times; bits / 8, and a whole number of bytes;</li>
 *   <li>the last tensor ends exactly at the end of the file: no trailing bytes.</li>
 * </ul>
 * Every failure is a {@link CheckpointFormatException} naming the file, the tensor and the rule.
 *
 * @param tensors  the tensors, sorted by their offsets
 * @param metadata the {@code __metadata__} map (empty if absent), in file order
 */
public record SafetensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata) {
    /** The reference implementation's cap on the header length (100 MB). */
    public static final long MAX_HEADER_SIZE = 100_000_000L;
    /** Offsets and sizes are limited to 48-bit integers by the format's JSON schema. */
    static final long MAX_OFFSET = (1L << 48) - 1;

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Checks the 8-byte length prefix against the cap and the file size.
     *
     * @param headerLength the little-endian u64 read from the first 8 bytes (as a signed long)
     * @param fileSize     the whole file's size in bytes
     * @param file         the file, for messages
     */
    public static void checkLength(long headerLength, long fileSize, String file) {
        if (headerLength < 0 || headerLength > MAX_HEADER_SIZE) {
            throw new CheckpointFormatException(file + ": header length " + Long.toUnsignedString(headerLength)
                    + " bytes exceeds the limit of " + MAX_HEADER_SIZE
                    + " bytes (HeaderTooLarge): is this a .safetensors file?");
        }
        if (headerLength > fileSize - 8) {
            throw new CheckpointFormatException(file + ": header length " + headerLength + " bytes exceeds the "
                    + (fileSize - 8) + " bytes that follow the length prefix (file truncated?)");
        }
        if (headerLength < 2) {
            throw new CheckpointFormatException(file + ": header length " + headerLength
                    + " is too short for a JSON object (at least 2 bytes, \"{}\")");
        }
    }

    /**
     * Parses and validates a header.
     *
     * @param headerBytes the N header bytes
     * @param dataLength  the bytes after the header (file size - 8 - N)
     * @param file        the file, for messages
     */
    public static SafetensorsHeader parse(byte[] headerBytes, long dataLength, String file) {
        String json = decodeUtf8(headerBytes, file);
        if (!json.startsWith("{")) {
            throw new CheckpointFormatException(file + ": header must be a JSON object starting with '{', found '"
                    + printable(json.isEmpty() ? "" : json.substring(0, 1)) + "' (InvalidHeaderStart)");
        }
        JsonNode root;
        try (JsonParser p = STRICT_JSON.createParser(json)) {
            root = STRICT_JSON.readTree(p);
        } catch (JsonProcessingException e) {
            throw new CheckpointFormatException(file + ": header is not valid JSON: " + e.getOriginalMessage()
                    + " (InvalidHeaderDeserialization)", e);
        } catch (java.io.IOException e) {
            throw new CheckpointFormatException(file + ": header could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointFormatException(file + ": header must be a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                readMetadata(e.getValue(), metadata, file);
            } else {
                tensors.add(readTensor(e.getKey(), e.getValue(), file));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end)
                .thenComparing(TensorInfo::name));
        validateLayout(tensors, dataLength, file);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static String decodeUtf8(byte[] bytes, String file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointFormatException(file + ": header is not valid UTF-8 (InvalidHeader)", e);
        }
    }

    private static void readMetadata(JsonNode node, Map<String, String> out, String file) {
        if (node.isNull()) {
            return; // serde reads a null Option as absent
        }
        if (!node.isObject()) {
            throw new CheckpointFormatException(file + ": __metadata__ must be an object of strings, found "
                    + node.getNodeType().toString().toLowerCase());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new CheckpointFormatException(file + ": __metadata__." + e.getKey()
                        + " must be a string, found " + printable(e.getValue().toString())
                        + " (metadata is a string-to-string map)");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static TensorInfo readTensor(String name, JsonNode node, String file) {
        String where = file + ": tensor '" + printable(name) + "'";
        if (!node.isObject()) {
            throw new CheckpointFormatException(where + ": entry must be an object with dtype, shape and"
                    + " data_offsets, found " + printable(node.toString()));
        }
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || shapeNode == null || offsetsNode == null) {
            throw new CheckpointFormatException(where + ": entry must have dtype, shape and data_offsets, found keys "
                    + fieldNames(node));
        }
        if (!dtypeNode.isTextual()) {
            throw new CheckpointFormatException(where + ": dtype must be a string, found " + dtypeNode);
        }
        DType dtype;
        try {
            dtype = DType.fromSafetensors(dtypeNode.textValue());
        } catch (IllegalArgumentException e) {
            throw new CheckpointFormatException(where + ": " + e.getMessage());
        }
        if (!shapeNode.isArray()) {
            throw new CheckpointFormatException(where + ": shape must be an array of integers, found " + shapeNode);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(shapeNode.get(i), where + ": shape[" + i + "]");
        }
        if (!offsetsNode.isArray() || offsetsNode.size() != 2) {
            throw new CheckpointFormatException(where + ": data_offsets must be [begin, end], found " + offsetsNode);
        }
        long begin = nonNegative(offsetsNode.get(0), where + ": data_offsets[0]");
        long end = nonNegative(offsetsNode.get(1), where + ": data_offsets[1]");
        if (end < begin) {
            throw new CheckpointFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] end before they begin (InvalidOffset)");
        }
        TensorSpec spec = new TensorSpec(name, dtype, shape);
        long numel;
        try {
            numel = spec.numel();
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(where + ": shape " + spec.shapeString()
                    + " overflows 64 bits (ValidationOverflow)");
        }
        long expected;
        try {
            expected = dtype.bytesFor(numel);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CheckpointFormatException(where + ": " + numel + " elements of " + dtype
                    + " do not fill a whole number of bytes (MisalignedSlice)");
        }
        if (end - begin != expected) {
            throw new CheckpointFormatException(where + ": data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin) + " bytes, but " + dtype + spec.shapeString() + " needs exactly " + expected
                    + " bytes (TensorInvalidInfo)");
        }
        return new TensorInfo(spec, begin, end);
    }

    private static long nonNegative(JsonNode n, String where) {
        if (n == null || !n.isIntegralNumber() || n.bigIntegerValue().signum() < 0
                || n.bigIntegerValue().bitLength() > 48) {
            throw new CheckpointFormatException(where + " must be a non-negative integer below 2^48, found "
                    + (n == null ? "nothing" : printable(n.toString())));
        }
        return n.longValue();
    }

    private static void validateLayout(List<TensorInfo> sorted, long dataLength, String file) {
        long expectedBegin = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() != expectedBegin) {
                String rule = t.begin() < expectedBegin ? "overlaps" : "leaves a hole after";
                throw new CheckpointFormatException(file + ": tensor '" + printable(t.name()) + "' starts at byte "
                        + t.begin() + " but " + (previous == null ? "the data buffer starts at 0"
                        : "'" + printable(previous.name()) + "' ends at " + expectedBegin) + "; it " + rule
                        + " the previous data (InvalidOffset: tensors must be contiguous)");
            }
            expectedBegin = t.end();
            previous = t;
        }
        if (expectedBegin != dataLength) {
            String what = expectedBegin < dataLength
                    ? (dataLength - expectedBegin) + " trailing bytes after the last tensor"
                    : "the data ends at byte " + dataLength + " but the tensors need " + expectedBegin
                    + " (file truncated?)";
            throw new CheckpointFormatException(file + ": " + what + " (MetadataIncompleteBuffer)");
        }
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    /** Keeps messages one line and short, whatever a hostile header contains. */
    static String printable(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }
}
