package org.safemerge.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.safemerge.SafeMerge;

/**
 * The first call of every SafeMerge notebook: makes the library offline, quiets logging, registers the renderers
 * for tables, charts and results in the running kernel, and prints what the notebook runs on.
 *
 * <pre>
 * jshell&gt; Notebook.setup();
 * SafeMerge 0.1.0 · Java 25.0.1 · DJL 0.36.0, engine PyTorch 2.7.1 · device cpu() (no GPU)
 * renderers: built into the SafeMerge kernel
 * </pre>
 */
public final class Notebook {
    private Notebook() {
    }

    /**
     * Prepares the notebook: DJL offline, warnings-only logging, renderers registered (a no-op that says so in the
     * SafeMerge kernel, where they are built in), then one line with library, Java, engine and device.
     *
     * @throws IllegalStateException when the running kernel's renderer API is not the IJava-family one
     */
    public static void setup() {
        SafeMerge.configureOffline();
        quietLogging();
        String renderers = KernelBridge.registerInRunningKernel();
        System.out.println(environment().toText());
        System.out.println(renderers);
    }

    /**
     * Describes where the notebook runs. Starts the DJL engine (about a second the first time, as libtorch is
     * unpacked into DJL's cache).
     *
     * @return library and Java versions, the DJL engine and the device it computes on
     */
    public static Environment environment() {
        SafeMerge.configureOffline();
        String java = Runtime.version().toString();
        try {
            Engine engine = Engine.getInstance();
            int gpus = engine.getGpuCount();
            Device device = engine.defaultDevice();
            return new Environment(SafeMerge.version(), java, Engine.getDjlVersion(),
                    engine.getEngineName() + " " + engine.getVersion(),
                    device + (gpus == 0 ? " (no GPU)" : " (" + gpus + " GPU" + (gpus == 1 ? ")" : "s)")),
                    device.isGpu());
        } catch (RuntimeException | LinkageError e) {
            // An engine that cannot start is worth a line, not a failed notebook: file I/O still works.
            return new Environment(SafeMerge.version(), java, Engine.getDjlVersion(),
                    "unavailable (" + e.getMessage() + ")", "none", false);
        }
    }

    /**
     * Where a notebook runs.
     *
     * @param library the SafeMerge version
     * @param java the Java runtime version
     * @param djl the DJL version
     * @param engine the DJL engine and its version, e.g. "PyTorch 2.7.1", or why there is none
     * @param device the default device, e.g. "cpu() (no GPU)"
     * @param gpu whether the default device is a GPU
     */
    public record Environment(String library, String java, String djl, String engine, String device, boolean gpu)
            implements Renderable {
        @Override
        public String toText() {
            return "SafeMerge " + library + " · Java " + java + " · DJL " + djl + ", engine " + engine + " · device "
                    + device;
        }
    }

    /**
     * Warnings and errors only (DJL, the kernel base and ZeroMQ log at INFO otherwise), and no CUDA probe warning on
     * machines without a GPU driver ({@link #environment()} says what DJL found). The SafeMerge kernel calls it at
     * start; {@link #setup()} calls it for other kernels.
     */
    public static void quietLogging() {
        // slf4j-simple reads these when a logger is created: they reach loggers that do not exist yet.
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        Logger root = LogManager.getLogManager().getLogger("");
        if (root != null) {
            root.setLevel(Level.WARNING);
            for (var handler : root.getHandlers()) {
                handler.setLevel(Level.WARNING);
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
