package org.safemerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KernelCommandTest {
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = SafeMergeCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    static Path fakeBuild(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("lib"));
        return Files.writeString(dir.resolve("kernel-lib.jar"), "");
    }

    @Test
    void installIntoAPrefixThenRemove(@TempDir Path dir) throws Exception {
        Path jar = fakeBuild(dir.resolve("build"));
        Path prefix = dir.resolve("prefix");
        Run install = run("kernel", "install", "--prefix", prefix.toString(), "--jar", jar.toString());
        assertEquals(0, install.status(), install.err());
        Path spec = prefix.resolve("share/jupyter/kernels/safemerge/kernel.json");
        assertTrue(Files.readString(spec).contains("\"interrupt_mode\" : \"message\""));
        assertTrue(install.out().startsWith("Installed kernelspec 'safemerge' in " + spec.getParent()), install.out());
        assertTrue(install.out().contains("JUPYTER_PATH=" + prefix.resolve("share/jupyter")), install.out());

        Run remove = run("kernel", "remove", "--prefix", prefix.toString());
        assertEquals(0, remove.status(), remove.err());
        assertFalse(Files.exists(spec.getParent()));

        Run again = run("kernel", "remove", "--prefix", prefix.toString());
        assertEquals(2, again.status());
        assertEquals("safemerge: No kernelspec 'safemerge' in " + prefix.resolve("share/jupyter/kernels") + "\n",
                again.err());
    }

    @Test
    void userAndPrefixExcludeEachOtherAndAMissingJarIsAUserError(@TempDir Path dir) {
        Run both = run("kernel", "install", "--user", "--prefix", dir.toString());
        assertEquals(2, both.status());
        assertTrue(both.err().contains("mutually exclusive"), both.err());

        Run missing = run("kernel", "install", "--prefix", dir.toString(), "--jar", dir.resolve("no.jar").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("safemerge: Kernelspec: " + dir.resolve("no.jar") + " does not exist"),
                missing.err());
    }

    @Test
    void kernelWithoutASubcommandShowsUsage() {
        Run r = run("kernel");
        assertEquals(2, r.status());
        assertTrue(r.out().contains("install") && r.out().contains("remove"), r.out());
    }
}
