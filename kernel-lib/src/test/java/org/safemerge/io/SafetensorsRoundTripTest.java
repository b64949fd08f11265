package org.safemerge.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.tensor.FloatTensor;
import org.safemerge.testing.PicoLlama;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeRoundTripsBitExactAsRawBytes() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        List<TensorSpec> specs = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (DType t : DType.values()) {
            long[] shape = t.isSubByte() ? new long[] {4, 6} : new long[] {3, 5};
            TensorSpec s = new TensorSpec("t_" + t.name().toLowerCase(), t, shape);
            byte[] b = new byte[(int) s.byteSize()];
            rnd.nextBytes(b);
            specs.add(s);
            payloads.add(b);
        }
        Path file = dir.resolve("all.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file, specs, Map.of("format", "pt"))) {
            for (int i = 0; i < specs.size(); i++) {
                w.writeRaw(specs.get(i).name(), java.lang.foreign.MemorySegment.ofArray(payloads.get(i)));
            }
            w.finish();
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            for (int i = 0; i < specs.size(); i++) {
                TensorSpec s = specs.get(i);
                assertEquals(s, f.info(s.name()).spec());
                byte[] back = f.segment(s.name()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                assertArrayEquals(payloads.get(i), back, "raw bytes of " + s);
            }
        }
    }

    @Test
    void floatTypesRoundTripThroughFloat32() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (DType t : new DType[] {DType.F32, DType.F16, DType.BF16, DType.F64}) {
            float[] v = new float[300];
            for (int i = 0; i < v.length; i++) {
                v[i] = FloatCodec.round(t, (float) rnd.nextGaussian());
            }
            Path file = dir.resolve(t + ".safetensors");
            try (SafetensorsWriter w = SafetensorsWriter.create(file,
                    List.of(new TensorSpec("x", t, new long[] {10, 30})), Map.of())) {
                w.write("x", FloatTensor.of(v, 10, 30));
                w.finish();
            }
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertArrayEquals(v, f.read("x").data(), t + " values");
            }
        }
    }

    @Test
    void writerFollowsTheReferenceConventions() throws Exception {
        Path file = dir.resolve("order.safetensors");
        List<TensorSpec> specs = List.of(
                new TensorSpec("b_half", DType.BF16, new long[] {3}),
                new TensorSpec("a_half", DType.F16, new long[] {1}),
                new TensorSpec("z_double", DType.F64, new long[] {2}),
                new TensorSpec("m_float", DType.F32, new long[] {2}),
                new TensorSpec("scalar", DType.F32, new long[] {}),
                new TensorSpec("empty", DType.F32, new long[] {0, 4}));
        try (SafetensorsWriter w = SafetensorsWriter.create(file, specs, Map.of("format", "pt"))) {
            for (TensorSpec s : specs) {
                w.write(s.name(), FloatTensor.zeros(s.shape()));
            }
            w.finish();
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length is padded to a multiple of 8");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            List<String> order = f.tensors().stream().filter(t -> t.byteSize() > 0).map(TensorInfo::name).toList();
            assertEquals(List.of("z_double", "m_float", "scalar", "a_half", "b_half"), order,
                    "alignment descending, then name");
            for (TensorInfo t : f.tensors()) {
                assertEquals(0, (8 + n + t.begin()) % (t.dtype().byteSize()), t.name() + " is naturally aligned");
            }
            assertArrayEquals(new long[] {}, f.info("scalar").shape());
            assertEquals(0, f.read("empty").numel());
        }
    }

    @Test
    void shardedCheckpointRoundTripsWithAnIndex() throws Exception {
        Path model = PicoLlama.builder().dtype(DType.BF16).shardBytes(12_000).seed(3).writeTo(dir.resolve("m"));
        TensorSet expected = PicoLlama.builder().dtype(DType.BF16).seed(3).weights();
        JsonNode index = new ObjectMapper().readTree(model.resolve("model.safetensors.index.json").toFile());
        long total = expected.tensorNames().stream().mapToLong(n -> expected.spec(n).byteSize()).sum();
        assertEquals(total, index.get("metadata").get("total_size").asLong());
        int shards;
        try (var listing = Files.list(model)) {
            shards = (int) listing.filter(p -> p.getFileName().toString().matches(
                    "model-\\d{5}-of-\\d{5}\\.safetensors")).count();
        }
        assertTrue(shards > 2, "a 12 kB budget splits a pico model into several shards, got " + shards);
        assertEquals(expected.size(), index.get("weight_map").size());
        try (Checkpoint c = Checkpoint.open(model)) {
            assertEquals(shards, c.files().size());
            for (String name : expected.tensorNames()) {
                assertEquals(expected.get(name), c.load(name), name);
                assertEquals(DType.BF16, c.spec(name).dtype());
                String shard = index.get("weight_map").get(name).asText();
                assertEquals(shard, c.fileOf(name).path().getFileName().toString());
            }
            assertEquals("LlamaForCausalLM", c.config().architecture());
        }
    }

    @Test
    void tiedEmbeddingsResolveLmHeadToTheEmbedding() {
        Path model = PicoLlama.builder().tied(true).writeTo(dir.resolve("tied"));
        try (Checkpoint c = Checkpoint.open(model)) {
            assertFalse(c.tensorNames().contains("lm_head.weight"));
            assertTrue(c.contains("lm_head.weight"));
            assertEquals(c.load("model.embed_tokens.weight"), c.load("lm_head.weight"));
            assertEquals(Map.of("lm_head.weight", "model.embed_tokens.weight"), c.aliases());
        }
        Path untied = PicoLlama.builder().tied(false).writeTo(dir.resolve("untied"));
        try (Checkpoint c = Checkpoint.open(untied)) {
            assertTrue(c.aliases().isEmpty());
            assertTrue(c.tensorNames().contains("lm_head.weight"));
        }
    }

    @Test
    void writerRefusesUndeclaredRepeatedAndMissingTensors() {
        Path file = dir.resolve("w.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(file,
                List.of(new TensorSpec("a", DType.F32, new long[] {2}), new TensorSpec("b", DType.F32, new long[] {2})),
                Map.of())) {
            assertThrows(IllegalArgumentException.class, () -> w.write("c", FloatTensor.zeros(2)));
            assertThrows(IllegalArgumentException.class, () -> w.write("a", FloatTensor.zeros(3)));
            w.write("a", FloatTensor.zeros(2));
            assertThrows(IllegalStateException.class, () -> w.write("a", FloatTensor.zeros(2)));
            var e = assertThrows(IllegalStateException.class, w::finish);
            assertTrue(e.getMessage().contains("[b]"), e.getMessage());
        }
    }

    @Test
    void tensorsWrittenInPiecesEqualWholeWritesAndOverlapsAreRefused() throws Exception {
        float[] values = new float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 7;
        }
        List<TensorSpec> specs = List.of(new TensorSpec("a", DType.BF16, new long[] {10, 100}),
                new TensorSpec("b", DType.F32, new long[] {3}));
        Path whole = dir.resolve("whole.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(whole, specs, Map.of())) {
            w.write("a", FloatTensor.of(values, 10, 100));
            w.write("b", FloatTensor.zeros(3));
            w.finish();
        }
        byte[] a = new byte[2000];
        MemorySegment bytes = MemorySegment.ofArray(a);
        FloatCodec.encode(DType.BF16, values, 0, values.length, bytes, 0);
        Path pieces = dir.resolve("pieces.safetensors");
        try (SafetensorsWriter w = SafetensorsWriter.create(pieces, specs, Map.of())) {
            w.writeRaw("a", 1200, bytes.asSlice(1200, 800)); // out of order
            assertThrows(IllegalArgumentException.class, () -> w.writeRaw("a", 1800, bytes.asSlice(0, 400)),
                    "a piece past the end");
            var missing = assertThrows(IllegalStateException.class, w::finish);
            assertTrue(missing.getMessage().contains("written in part: [a]"), missing.getMessage());
            w.writeRaw("a", 0, bytes.asSlice(0, 1200));
            assertThrows(IllegalStateException.class, () -> w.writeRaw("a", 0, bytes.asSlice(0, 2)),
                    "a piece of a complete tensor");
            w.write("b", FloatTensor.zeros(3));
            w.finish();
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(pieces));
        try (SafetensorsWriter w = SafetensorsWriter.create(dir.resolve("overlap.safetensors"), specs, Map.of())) {
            w.writeRaw("a", 0, bytes.asSlice(0, 1500));
            var e = assertThrows(IllegalStateException.class, () -> w.writeRaw("a", 1000, bytes.asSlice(1000, 1000)));
            assertTrue(e.getMessage().contains("overlap"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> w.write("a", FloatTensor.of(values, 10, 100)),
                    "a whole write of a tensor written in part");
        }
    }

    @Test
    void atomicDirectoryAppearsOnlyOnCommit() throws Exception {
        Path target = dir.resolve("out");
        try (AtomicDirectory out = AtomicDirectory.create(target, false)) {
            Files.writeString(out.path().resolve("x.txt"), "x");
            assertFalse(Files.exists(target), "nothing visible before commit");
        }
        assertFalse(Files.exists(target), "an uncommitted directory is removed");
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.filter(p -> p.getFileName().toString().startsWith(".out")).count(),
                    "no temporary directory left behind");
        }
        try (AtomicDirectory out = AtomicDirectory.create(target, false)) {
            Files.writeString(out.path().resolve("x.txt"), "first");
            out.commit();
        }
        assertEquals("first", Files.readString(target.resolve("x.txt")));
        var e = assertThrows(IllegalArgumentException.class, () -> AtomicDirectory.create(target, false));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        try (AtomicDirectory out = AtomicDirectory.create(target, true)) {
            Files.writeString(out.path().resolve("y.txt"), "second");
            out.commit();
        }
        assertFalse(Files.exists(target.resolve("x.txt")));
        assertEquals("second", Files.readString(target.resolve("y.txt")));
    }
}
