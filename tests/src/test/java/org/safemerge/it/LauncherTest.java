package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real launcher, {@code bin/safemerge}, as a user runs it: exit codes and streams of a separate process. */
class LauncherTest {
    static final Path ROOT = Path.of(System.getProperty("safemerge.root", "..")).toAbsolutePath().normalize();

    /** Runs bin/safemerge with arguments; returns exit code, stdout, stderr. */
    static Cli.Result launch(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/safemerge").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        Path out = java.nio.file.Files.createTempFile("launch", ".out");
        Path err = java.nio.file.Files.createTempFile("launch", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/safemerge " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        Cli.Result r = new Cli.Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.delete(out);
        java.nio.file.Files.delete(err);
        return r;
    }

    @Test
    void inspectsTheShippedCheckpoint() throws Exception {
        Cli.Result r = launch("inspect", "datasets/pico-llama");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("architecture LlamaForCausalLM"), r.out());
        assertTrue(!r.err().contains("SLF4J") && !r.err().contains("WARNING"), "no noise on stderr:\n" + r.err());
    }

    @Test
    void userErrorsExitWithTwoAndOneLine() throws Exception {
        Cli.Result r = launch("inspect", "no/such/dir");
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals("safemerge: no/such/dir: no such file or directory", r.err().strip());
        Cli.Result bad = launch("inspect", "--no-such-option", "x");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("Unknown option: '--no-such-option'"), bad.err());
    }

    @Test
    void helpShowsDefaults() throws Exception {
        Cli.Result r = launch("inspect", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("(default: false)"), r.out());
    }
}
