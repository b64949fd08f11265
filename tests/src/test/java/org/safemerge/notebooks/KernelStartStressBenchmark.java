package org.safemerge.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Robustness of kernel start-up: {@value #DEFAULT_ROUNDS} consecutive starts and shutdowns through jupyter_client
 * ({@code tests/src/test/python/kernel_stress.py}), each waiting for the kernel to answer, running {@code 1+1} and
 * shutting it down. A round stuck for 60 s in any step counts as a hang. Prints the report (hangs; median, p95 and
 * max seconds to ready, for 1+1, to shut down) and fails on any hang or failure.
 *
 * <pre>
 * mvn -B -pl tests -am verify -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=KernelStartStressBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dsafemerge.stress.rounds=200]
 * </pre>
 */
@Tag("benchmark")
class KernelStartStressBenchmark {
    static final int DEFAULT_ROUNDS = 200;

    @Test
    void consecutiveStartsAndShutdownsNeverHang() throws Exception {
        int rounds = Integer.getInteger("safemerge.stress.rounds", DEFAULT_ROUNDS);
        Jupyter jupyter = Jupyter.get();
        String script = jupyter.root.resolve("tests/src/test/python/kernel_stress.py").toString();
        // Generous: a hang is caught per step inside the script (60 s); this only bounds a wedged script.
        Duration limit = Duration.ofSeconds(60L * rounds + 120);
        Jupyter.Result r = jupyter.run(List.of(Jupyter.PYTHON.toString(), script, String.valueOf(rounds), "60"),
                jupyter.home, limit);
        System.out.println("kernel start/stop stress, " + rounds + " rounds:\n" + r.stdout());
        assertEquals(0, r.status(), "the stress script failed:\n" + r.log());
        JsonNode report = new ObjectMapper().readTree(r.stdout());
        assertEquals(0, report.get("hangs_or_failures").asInt(), "hangs or failures: " + report.get("failures"));
        assertEquals(rounds, report.get("ok").asInt());
    }
}
