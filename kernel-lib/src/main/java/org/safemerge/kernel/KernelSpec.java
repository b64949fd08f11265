package org.safemerge.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Jupyter kernelspec of the SafeMerge kernel: a directory {@code safemerge/} holding {@code kernel.json}, whose
 * {@code argv} starts JDK 25's java on the built jars ({@code kernel-lib.jar} and {@code lib/*}) with the JVM options
 * the library needs, and whose {@code env} keeps DJL offline.
 *
 * <pre>
 * KernelSpec.forJar(Path.of("kernel-lib/target/kernel-lib.jar")).installInto(KernelSpec.userKernels());
 * </pre>
 *
 * @param java the java launcher (JDK 25 or newer)
 * @param kernelJar {@code kernel-lib.jar}
 * @param libDirectory the directory of its dependency jars
 */
public record KernelSpec(Path java, Path kernelJar, Path libDirectory) {
    /** The kernelspec's name (what {@code --kernel} and {@code kernel_name} take). */
    public static final String NAME = "safemerge";
    /** The name Jupyter's kernel menu shows. */
    public static final String DISPLAY_NAME = "SafeMerge (Java 25)";
    /** The kernel's main class. */
    public static final String MAIN_CLASS = SafeMergeKernel.class.getName();
    /**
     * JVM options: native access for DJL/JNA and sun.misc.Unsafe for Tablesaw's classgraph without JDK 25's warnings,
     * DJL offline, headless AWT for charts, UTF-8 output.
     */
    public static final List<String> JVM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
            "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8");

    /**
     * @throws IllegalArgumentException when a path does not exist
     */
    public KernelSpec {
        java = java.toAbsolutePath().normalize();
        kernelJar = kernelJar.toAbsolutePath().normalize();
        libDirectory = libDirectory.toAbsolutePath().normalize();
        if (!Files.isExecutable(java)) {
            throw new IllegalArgumentException("Kernelspec: java " + java + " is not an executable file");
        }
        if (!Files.isRegularFile(kernelJar)) {
            throw new IllegalArgumentException("Kernelspec: " + kernelJar + " does not exist; build it first with"
                    + " mvn -B -pl kernel-lib -am -DskipTests package (bin/safemerge does it on first use)");
        }
        if (!Files.isDirectory(libDirectory)) {
            throw new IllegalArgumentException("Kernelspec: the dependency directory " + libDirectory
                    + " does not exist; it is made by the same package step as " + kernelJar.getFileName());
        }
    }

    /**
     * @param kernelJar {@code kernel-lib.jar}; its dependencies are expected in the sibling directory {@code lib}
     * @return the kernelspec running that jar with the java of this JVM
     */
    public static KernelSpec forJar(Path kernelJar) {
        return new KernelSpec(currentJava(), kernelJar, kernelJar.toAbsolutePath().resolveSibling("lib"));
    }

    /**
     * @return the kernelspec for the jar this class was loaded from
     * @throws IllegalArgumentException when running from class directories instead of the packaged jar
     */
    public static KernelSpec forRunningJar() {
        Path location;
        try {
            location = Path.of(SafeMergeKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalArgumentException("Kernelspec: cannot tell where the SafeMerge classes come from (" + e
                    + "); pass --jar kernel-lib/target/kernel-lib.jar");
        }
        if (!location.toString().endsWith(".jar")) {
            throw new IllegalArgumentException("Kernelspec: the SafeMerge classes come from " + location
                    + ", not from kernel-lib.jar; run through bin/safemerge or pass --jar");
        }
        return forJar(location);
    }

    /** @return the java launcher of the running JVM */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Jupyter's per-user kernel directory: {@code $JUPYTER_DATA_DIR/kernels}, else {@code
     * $XDG_DATA_HOME/jupyter/kernels}, else {@code ~/.local/share/jupyter/kernels}.
     *
     * @return that directory (it may not exist yet)
     */
    public static Path userKernels() {
        String data = System.getenv("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data, "kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "jupyter", "kernels");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "jupyter", "kernels");
    }

    /**
     * @param prefix an installation prefix, as {@code jupyter kernelspec install --prefix} takes
     * @return {@code prefix/share/jupyter/kernels} (use it with {@code JUPYTER_PATH=prefix/share/jupyter})
     */
    public static Path prefixKernels(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    /** @return the command line Jupyter runs, with {@code {connection_file}} for the connection file */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.addAll(JVM_OPTIONS);
        argv.add("-cp");
        argv.add(kernelJar + File.pathSeparator + libDirectory.resolve("*"));
        argv.add(MAIN_CLASS);
        argv.add("{connection_file}");
        return argv;
    }

    /** @return the {@code kernel.json} content */
    public String json() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv());
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        // Without "message", Jupyter interrupts with SIGINT, which ends the JVM instead of stopping the cell.
        spec.put("interrupt_mode", "message");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        spec.put("env", env);
        spec.put("metadata", Map.of("safemerge_version", org.safemerge.SafeMerge.version()));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("Writing kernel.json failed", e);
        }
    }

    /**
     * Writes {@code kernels/safemerge/kernel.json}, replacing an earlier one; the file appears whole or not at all.
     *
     * @param kernels a Jupyter kernels directory (created if missing)
     * @return the kernelspec directory
     * @throws UncheckedIOException when the directory cannot be written
     */
    public Path installInto(Path kernels) {
        Path dir = kernels.resolve(NAME);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "kernel", ".json.tmp");
            Files.writeString(tmp, json());
            Files.move(tmp, dir.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the kernelspec into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Deletes {@code kernels/safemerge} and what it holds.
     *
     * @param kernels a Jupyter kernels directory
     * @return whether there was one to delete
     */
    public static boolean removeFrom(Path kernels) {
        Path dir = kernels.resolve(NAME);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the kernelspec " + dir + ": " + e.getMessage(), e);
        }
        return true;
    }
}
