package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {
    static Path fakeBuild(Path dir) throws Exception {
        Path target = Files.createDirectories(dir.resolve("target"));
        Files.createDirectories(target.resolve("lib"));
        return Files.writeString(target.resolve("kernel-lib.jar"), "not really a jar");
    }

    @Test
    void kernelJsonRunsJdk25OnTheBuiltJarsWithMessageInterrupts(@TempDir Path dir) throws Exception {
        Path jar = fakeBuild(dir);
        KernelSpec spec = KernelSpec.forJar(jar);
        JsonNode json = new ObjectMapper().readTree(spec.json());

        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(a -> argv.add(a.asText()));
        assertEquals(KernelSpec.currentJava().toString(), argv.getFirst());
        assertTrue(argv.contains("--enable-native-access=ALL-UNNAMED"), argv.toString());
        assertTrue(argv.contains("-Dai.djl.offline=true"), argv.toString());
        int cp = argv.indexOf("-cp");
        assertEquals(jar + ":" + dir.resolve("target/lib") + "/*", argv.get(cp + 1));
        assertEquals(List.of("org.safemerge.kernel.SafeMergeKernel", "{connection_file}"),
                argv.subList(argv.size() - 2, argv.size()));

        assertEquals("SafeMerge (Java 25)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("message", json.get("interrupt_mode").asText());
        assertEquals("true", json.get("env").get("DJL_OFFLINE").asText());
        assertEquals("true", json.get("env").get("OPT_OUT_TRACKING").asText());
    }

    @Test
    void installWritesTheSpecDirectoryAndRemoveDeletesIt(@TempDir Path dir) throws Exception {
        KernelSpec spec = KernelSpec.forJar(fakeBuild(dir));
        Path kernels = KernelSpec.prefixKernels(dir.resolve("prefix"));
        Path installed = spec.installInto(kernels);
        assertEquals(dir.resolve("prefix/share/jupyter/kernels/safemerge"), installed);
        assertEquals(spec.json(), Files.readString(installed.resolve("kernel.json")));
        assertEquals(List.of(installed.resolve("kernel.json")), Files.list(installed).toList(), "no temp files left");

        spec.installInto(kernels);  // again: replaces
        assertTrue(KernelSpec.removeFrom(kernels));
        assertFalse(Files.exists(installed));
        assertFalse(KernelSpec.removeFrom(kernels));
    }

    @Test
    void aMissingBuildIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSpec.forJar(dir.resolve("kernel-lib.jar")));
        assertTrue(e.getMessage().startsWith("Kernelspec: " + dir.resolve("kernel-lib.jar") + " does not exist;"
                + " build it first"), e.getMessage());
    }

    @Test
    void runningFromClassDirectoriesIsRefusedWithAHint() {
        // Unit tests run from target/classes, not from the jar.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, KernelSpec::forRunningJar);
        assertTrue(e.getMessage().contains("not from kernel-lib.jar; run through bin/safemerge or pass --jar"),
                e.getMessage());
    }
}
