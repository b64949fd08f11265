package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.safemerge.io.DType;
import org.safemerge.testing.PicoLlama;

/** {@code safemerge inspect} on good checkpoints and on a corpus of malformed ones. */
class InspectCliTest {
    @TempDir
    static Path corpus;

    @Test
    void jsonListsEveryTensorWithOffsetsRelativeToTheDataBuffer(@TempDir Path dir) throws Exception {
        Path model = PicoLlama.builder().dtype(DType.BF16).shardBytes(20_000).writeTo(dir.resolve("m"));
        Cli.Result r = Cli.run("inspect", model.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(21, root.get("tensors").size(), "untied pico llama: embed, 2 x 9 layer tensors, norm, lm_head");
        long total = 0;
        for (JsonNode t : root.get("tensors")) {
            long size = t.get("data_offsets").get(1).asLong() - t.get("data_offsets").get(0).asLong();
            long numel = 1;
            for (JsonNode d : t.get("shape")) {
                numel *= d.asLong();
            }
            assertEquals(numel * 2, size, t.get("name").asText());
            assertTrue(t.get("file").asText().matches("model-0000\\d-of-00003\\.safetensors"), t.toString());
            total += size;
        }
        assertEquals(total, root.get("total_bytes").asLong());
        assertEquals("pt", root.get("metadata").get("format").asText());
    }

    @Test
    void tableShowsTotalsAndTiedHead(@TempDir Path dir) {
        Path model = PicoLlama.builder().tied(true).writeTo(dir.resolve("m"));
        Cli.Result r = Cli.run("inspect", model.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("20 tensors, 19,616 parameters, 78.5 kB in 1 file(s), architecture LlamaForCausalLM"),
                r.out());
        assertTrue(r.out().contains("lm_head.weight is tied to model.embed_tokens.weight"), r.out());
    }

    static Stream<Arguments> malformed() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        cases.add(of("empty file", raw(new byte[0]), "HeaderTooSmall"));
        cases.add(of("five bytes", raw(new byte[5]), "HeaderTooSmall"));
        cases.add(of("huge declared header", withLength(1L << 40, "{}", 0), "HeaderTooLarge"));
        cases.add(of("header just over the cap", withLength(100_000_001L, "{}", 0), "HeaderTooLarge"));
        cases.add(of("negative header length (u64 top bit)", withLength(-8L, "{}", 0), "HeaderTooLarge"));
        cases.add(of("header longer than the file", withLength(4096, "{}", 0), "file truncated"));
        cases.add(of("header too short for JSON", withLength(1, "{", 0), "too short"));
        cases.add(of("header not an object", file("[1, 2, 3]", 0), "InvalidHeaderStart"));
        cases.add(of("broken JSON", file("{\"a\": ", 0), "InvalidHeaderDeserialization"));
        cases.add(of("trailing JSON garbage", file("{} {}", 0), "InvalidHeaderDeserialization"));
        cases.add(of("non-UTF-8 header", rawHeader(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}),
                "not valid UTF-8"));
        cases.add(of("duplicate tensor name", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "Duplicate field 'a'"));
        cases.add(of("metadata value not a string", file("{\"__metadata__\":{\"format\":1}}", 0),
                "__metadata__.format must be a string"));
        cases.add(of("metadata not an object", file("{\"__metadata__\":\"pt\"}", 0), "__metadata__ must be an object"));
        cases.add(of("tensor entry not an object", file("{\"a\":[1,2]}", 0), "entry must be an object"));
        cases.add(of("missing dtype", file("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
                "must have dtype, shape and data_offsets"));
        cases.add(of("unknown dtype", file(ok.replace("F32", "F17"), 8), "unknown safetensors dtype 'F17'"));
        cases.add(of("dtype not a string", file(ok.replace("\"F32\"", "5"), 8), "dtype must be a string"));
        cases.add(of("negative dimension", file(ok.replace("[2]", "[-2]"), 8), "shape[0] must be a non-negative"));
        cases.add(of("fractional dimension", file(ok.replace("[2]", "[1.5]"), 8), "shape[0] must be a non-negative"));
        cases.add(of("one data offset", file(ok.replace("[0,8]", "[0]"), 8), "data_offsets must be [begin, end]"));
        cases.add(of("end before begin", file(ok.replace("[0,8]", "[8,0]"), 8), "end before they begin"));
        cases.add(of("offset beyond 48 bits", file(ok.replace("[0,8]", "[0,281474976710656]"), 8), "below 2^48"));
        cases.add(of("wrong byte count", file(ok.replace("[0,8]", "[0,12]"), 12), "needs exactly 8 bytes"));
        cases.add(of("shape overflows 64 bits", file(ok.replace("[2]", "[4294967296,4294967296]"), 8),
                "ValidationOverflow"));
        cases.add(of("sub-byte count not whole bytes",
                file("{\"a\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", 2), "MisalignedSlice"));
        cases.add(of("first tensor not at 0", file(ok.replace("[0,8]", "[4,12]"), 12), "leaves a hole"));
        cases.add(of("hole between tensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "leaves a hole"));
        cases.add(of("overlapping tensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlaps"));
        cases.add(of("trailing bytes", file(ok, 12), "4 trailing bytes"));
        cases.add(of("data truncated", file(ok, 5), "file truncated"));
        cases.add(of("not a file at all (directory without weights)", emptyDir(), "has no model.safetensors"));
        cases.add(of("pickle weights", pickleDir(), "never loads"));
        cases.add(of("index pointing outside the directory", indexDir("../outside.safetensors"),
                "not a plain file name inside the model directory"));
        cases.add(of("index with an absolute path", indexDir("/etc/passwd"), "not a plain file name"));
        cases.add(of("index shard that is a link leading out", linkDir(), "link leading outside"));
        cases.add(of("index naming a missing tensor", indexDir("model-00001-of-00001.safetensors", "ghost"),
                "has no such tensor"));
        cases.add(of("index not JSON", brokenIndexDir(), "not valid JSON"));
        cases.add(of("config.json not JSON", brokenConfigDir(), "config.json: not valid JSON"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputExitsWithTwoAndTheReason(String title, Path input, String reason) {
        Cli.Result r = Cli.run("inspect", input.toString());
        assertEquals(2, r.exitCode(), title + "\n" + r);
        assertTrue(r.err().contains(reason), title + ": expected the reason '" + reason + "' in\n" + r.err());
        assertTrue(r.err().contains(input.getFileName().toString()), title + ": the message names the input\n" + r.err());
        assertEquals(1, r.err().strip().lines().count(), title + ": one line, no stack trace\n" + r.err());
        assertTrue(r.out().isEmpty(), title + ": nothing on stdout");
    }

    // ---- corpus builders ----

    private static int counter;

    private static Arguments of(String title, Path p, String reason) {
        return Arguments.of(title, p, reason);
    }

    private static Path next(String suffix) {
        return corpus.resolve("case" + (++counter) + suffix);
    }

    private static Path raw(byte[] bytes) throws IOException {
        return Files.write(next(".safetensors"), bytes);
    }

    private static Path withLength(long n, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(h);
        return raw(b.array());
    }

    private static Path file(String header, int dataBytes) throws IOException {
        return withLength(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static Path rawHeader(byte[] header) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        return raw(b.array());
    }

    private static Path emptyDir() throws IOException {
        return Files.createDirectories(next("-empty"));
    }

    private static Path pickleDir() throws IOException {
        Path d = Files.createDirectories(next("-pickle"));
        Files.write(d.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, '.'});
        return d;
    }

    private static Path indexDir(String shard) throws IOException {
        return indexDir(shard, "model.embed_tokens.weight");
    }

    private static Path indexDir(String shard, String tensor) throws IOException {
        Path d = PicoLlama.builder().writeTo(next("-index"));
        Files.move(d.resolve("model.safetensors"), d.resolve("model-00001-of-00001.safetensors"));
        Files.writeString(d.resolve("model.safetensors.index.json"),
                "{\"metadata\":{},\"weight_map\":{\"" + tensor + "\":\"" + shard + "\"}}");
        return d;
    }

    private static Path linkDir() throws IOException {
        Path d = indexDir("model-00002-of-00002.safetensors");
        Path outside = PicoLlama.builder().writeTo(next("-outside")).resolve("model.safetensors");
        Files.createSymbolicLink(d.resolve("model-00002-of-00002.safetensors"), outside);
        return d;
    }

    private static Path brokenIndexDir() throws IOException {
        Path d = indexDir("model-00001-of-00001.safetensors");
        Files.writeString(d.resolve("model.safetensors.index.json"), "{\"weight_map\": ");
        return d;
    }

    private static Path brokenConfigDir() throws IOException {
        Path d = PicoLlama.builder().writeTo(next("-config"));
        Files.writeString(d.resolve("config.json"), "{\"hidden_size\": 32,");
        return d;
    }
}
