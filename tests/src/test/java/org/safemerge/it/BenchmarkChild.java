package org.safemerge.it;

import java.nio.file.Files;
import java.nio.file.Path;
import org.safemerge.cli.SafeMergeCli;

/**
 * Runs {@code safemerge ARGS} in a fresh JVM for {@link MergeBenchmark} and prints one line with the exit code, the
 * seconds the command took inside the JVM and the process's peak resident set (VmHWM), so the benchmark measures the
 * merge alone, not the JVM that generated the models.
 */
public final class BenchmarkChild {
    private BenchmarkChild() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        int exit = SafeMergeCli.run(args);
        double seconds = (System.nanoTime() - start) / 1e9;
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).findFirst().orElse("-1");
        System.out.println("BENCH exit=" + exit + " seconds=" + seconds + " vmhwm_kb=" + hwm);
        System.exit(exit);
    }
}
