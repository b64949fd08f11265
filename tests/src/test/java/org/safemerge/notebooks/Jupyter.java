package org.safemerge.notebooks;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.safemerge.kernel.KernelSpec;

/**
 * Runs Jupyter (Debian's, under {@code /usr/bin/python3}) against the SafeMerge kernel built by this reactor: a
 * kernelspec generated into {@code tests/target/jupyter} and found through {@code JUPYTER_PATH}, so no
 * user-installed kernelspec is needed or used.
 */
final class Jupyter {
    /** Debian's python, which has nbconvert, nbclient and jupyter_client (the one first on PATH may not). */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static Jupyter instance;

    final Path root;
    final Path home;
    final Path jupyterPath;

    private Jupyter(Path root) {
        this.root = root;
        this.home = root.resolve("tests/target/jupyter");
        this.jupyterPath = home.resolve("share/jupyter");
    }

    /**
     * @return the harness, after checking Jupyter is installed and the kernel jars exist, with the kernelspec written
     */
    static synchronized Jupyter get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("safemerge.root", "..")).toAbsolutePath().normalize();
            Jupyter j = new Jupyter(root);
            j.checkInstalled();
            Path jar = root.resolve("kernel-lib/target/kernel-lib.jar");
            if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("lib"))) {
                fail("The kernel jars are missing (" + jar + " and lib/): run the tests through 'mvn -B verify' from"
                        + " the repository root (kernel-lib's package phase builds them) or bin/test");
            }
            KernelSpec.forJar(jar).installInto(KernelSpec.prefixKernels(j.home));
            instance = j;
        }
        return instance;
    }

    private void checkInstalled() {
        Result r = run(List.of(PYTHON.toString(), "-c", "import nbconvert, nbclient, jupyter_client"), root,
                Duration.ofSeconds(60));
        if (r.status() != 0) {
            fail("Jupyter is not installed for " + PYTHON + ": run bin/test, which installs the Debian packages"
                    + " (apt-get install jupyter-nbconvert python3-nbclient jupyter-client jupyter-core)\n" + r.log());
        }
    }

    /**
     * Executes a notebook headless with the real kernel ({@code nbconvert --to notebook --execute}).
     *
     * @param notebook the notebook; the kernel runs in its directory
     * @param outputDir where the executed copy goes
     * @param limit the longest the whole run may take; past it the run and its kernel are killed
     * @return what happened
     */
    NotebookRun execute(Path notebook, Path outputDir, Duration limit) {
        List<String> command = List.of(PYTHON.toString(), "-m", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME,
                "--ExecutePreprocessor.timeout=" + limit.toSeconds(),
                "--ExecutePreprocessor.startup_timeout=60",
                "--output-dir", outputDir.toString(), notebook.toString());
        Result r = run(command, notebook.getParent(), limit);
        Path executed = outputDir.resolve(notebook.getFileName());
        JsonNode json = null;
        if (r.status() == 0 && Files.exists(executed)) {
            try {
                json = new ObjectMapper().readTree(executed.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Reading the executed notebook " + executed, e);
            }
        }
        return new NotebookRun(notebook, r, json);
    }

    /**
     * Drives one kernel through {@code kernel_session.py} (execute, complete, inspect, is_complete steps).
     *
     * @param steps the steps, as the script documents them
     * @param limit the longest the session may take
     * @return one result per step: {@code reply} (the reply content) and, for execute, {@code outputs}
     */
    List<JsonNode> session(List<Map<String, Object>> steps, Duration limit) {
        try {
            ObjectMapper mapper = new ObjectMapper();
            Files.createDirectories(home);
            Path stepsFile = Files.createTempFile(home, "steps", ".json");
            mapper.writeValue(stepsFile.toFile(), steps);
            Path script = root.resolve("tests/src/test/python/kernel_session.py");
            Result r = run(List.of(PYTHON.toString(), script.toString(), stepsFile.toString()), home, limit);
            Files.delete(stepsFile);
            if (r.status() != 0 || r.timedOut()) {
                fail("kernel session failed (status " + r.status() + (r.timedOut() ? ", timed out" : "") + "):\n"
                        + r.log());
            }
            List<JsonNode> results = new ArrayList<>();
            mapper.readTree(r.stdout()).forEach(results::add);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param status the exit status (-1 when killed)
     * @param timedOut whether the limit ended it
     * @param elapsed how long it ran
     * @param stdout its standard output
     * @param log standard error
     * @param killed the processes killed at the limit (the command and its children, kernels included)
     * @param killedCommands their command lines, read before they were killed
     */
    record Result(int status, boolean timedOut, Duration elapsed, String stdout, String log,
            List<ProcessHandle> killed, List<String> killedCommands) {
    }

    /** Runs a command with the kernelspec on JUPYTER_PATH; kills it and every child (kernels) past the limit. */
    Result run(List<String> command, Path workingDirectory, Duration limit) {
        try {
            Files.createDirectories(home.resolve("runtime"));
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = pb.environment();
            env.put("JUPYTER_PATH", jupyterPath.toString());
            env.put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
            env.put("PYTHONNOUSERSITE", "1");
            long start = System.nanoTime();
            Process p = pb.start();
            boolean finished = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            List<ProcessHandle> killed = new ArrayList<>();
            List<String> killedCommands = new ArrayList<>();
            if (!finished) {
                p.descendants().forEach(killed::add);
                killed.add(p.toHandle());
                killed.forEach(h -> killedCommands.add(h.info().commandLine().orElse("?")));
                killed.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(30, TimeUnit.SECONDS);
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Result r = new Result(finished ? p.exitValue() : -1, !finished, elapsed, Files.readString(out),
                    Files.readString(err), List.copyOf(killed), List.copyOf(killedCommands));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("Running " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    /** @return {@code s} without ANSI colour codes */
    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
