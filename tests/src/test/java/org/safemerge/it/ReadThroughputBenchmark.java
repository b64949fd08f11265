package org.safemerge.it;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.DType;
import org.safemerge.io.SafetensorsFile;
import org.safemerge.io.SafetensorsWriter;
import org.safemerge.io.TensorInfo;
import org.safemerge.io.TensorSpec;
import org.safemerge.tensor.FloatTensor;

/**
 * Reading throughput of a large safetensors file (mmap + validation + conversion to float32) as a ratio to plain
 * sequential reading of the same bytes, both from a warm page cache, measured in the same run.
 * Run: {@code mvn -B -pl tests -am verify -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=ReadThroughputBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}. Size: {@code -Dbench.gb=2}.
 */
@Tag("benchmark")
class ReadThroughputBenchmark {
    @Test
    void readThroughputAgainstSequentialIo(@TempDir Path dir) throws IOException {
        double gb = Double.parseDouble(System.getProperty("bench.gb", "2"));
        for (DType dtype : new DType[] {DType.BF16, DType.F32}) {
            Path file = dir.resolve(dtype + ".safetensors");
            write(file, dtype, (long) (gb * 1e9));
            long bytes = Files.size(file);
            double bestPlain = Double.MAX_VALUE;
            double bestMapped = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                bestPlain = Math.min(bestPlain, timePlain(file));
                bestMapped = Math.min(bestMapped, timeMapped(file));
            }
            System.out.printf(Locale.ROOT, "%s file %.2f GB: plain sequential read %.2f GB/s, safetensors read to"
                            + " float32 %.2f GB/s, ratio %.2f (1.0 = as fast as plain reading)%n",
                    dtype, bytes / 1e9, bytes / bestPlain / 1e9, bytes / bestMapped / 1e9, bestPlain / bestMapped);
            Files.delete(file);
        }
    }

    private static void write(Path file, DType dtype, long targetBytes) {
        long rows = 4096;
        long cols = 4096;
        long perTensor = rows * cols * dtype.byteSize();
        int n = (int) Math.max(1, targetBytes / perTensor);
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            specs.add(new TensorSpec(String.format("model.layers.%03d.mlp.weight", i), dtype, new long[] {rows, cols}));
        }
        SplittableRandom rnd = new SplittableRandom(1);
        float[] v = new float[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian() * 0.02f;
        }
        try (SafetensorsWriter w = SafetensorsWriter.create(file, specs, Map.of("format", "pt"))) {
            for (TensorSpec s : specs) {
                w.write(s.name(), FloatTensor.of(v, rows, cols));
            }
            w.finish();
        }
    }

    private static double timePlain(Path file) throws IOException {
        long t0 = System.nanoTime();
        long sum = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(8 << 20);
            while (ch.read(buf) > 0) {
                sum += buf.get(0);
                buf.clear();
            }
        }
        if (sum == Long.MIN_VALUE) {
            System.out.println(sum);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double timeMapped(Path file) {
        long t0 = System.nanoTime();
        double sink = 0;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            float[] buf = null;
            for (TensorInfo t : f.tensors()) {
                if (buf == null || buf.length != t.numel()) {
                    buf = new float[(int) t.numel()];
                }
                f.readInto(t, buf, 0);
                sink += buf[buf.length - 1];
            }
        }
        if (sink == 42.4242) {
            System.out.println(sink);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
