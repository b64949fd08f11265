package org.safemerge.kernel;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.util.TextColor;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.safemerge.SafeMerge;
import org.safemerge.notebook.Notebook;
import org.safemerge.progress.ProgressFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SafeMerge Jupyter kernel: Java cells evaluated by JShell in this JVM, with the library and its dependencies
 * on the class path and the common packages imported, rich output for tables, charts, images and the library's
 * results, {@code display}/{@code updateDisplay} for live output, IJava's {@code %jars}, {@code %classpath} and
 * {@code %maven} magics, completion and inspection.
 *
 * <p>Started by Jupyter through the kernelspec ({@link KernelSpec}): {@code java … -cp kernel-lib.jar:lib/*
 * org.safemerge.kernel.SafeMergeKernel CONNECTION_FILE}.
 */
public final class SafeMergeKernel extends BaseKernel implements Displays {
    /** The name the kernel reports in {@code kernel_info}; {@code Notebook.setup()} recognises it. */
    public static final String NAME = "SafeMerge";
    private static final Logger LOG = LoggerFactory.getLogger(SafeMergeKernel.class);

    private final KernelIO kernelIO;
    private final CellEvaluator evaluator;
    private final LocalMaven maven;
    private final Magics magics;
    private final CompletableFuture<List<String>> startup = new CompletableFuture<>();
    private final StreamBatcher streams = new StreamBatcher();
    private volatile NotebookProgressFactory progress;
    /** The execution count of the cell running now, or -1. */
    private volatile int runningCell = -1;

    private SafeMergeKernel(KernelIO io, Path workingDirectory) {
        // No history manager, no jjava magic parser (magics are ours: CellParts), no extension loading.
        super(NAME, SafeMerge.version(), languageInfo(), List.of(), null, io, new CommManager(), new Renderer(),
                null, new MagicsRegistry(), false, errorStyler());
        this.kernelIO = io;
        this.evaluator = new CellEvaluator();
        this.maven = new LocalMaven(LocalMaven.defaultRepository());
        this.magics = new Magics(evaluator, maven, workingDirectory);
        KernelRenderers.register(getRenderer());
    }

    /**
     * Makes a kernel that is not connected yet.
     *
     * @param workingDirectory where relative paths of magics start (the notebook's folder, where Jupyter starts
     *        kernels)
     * @return the kernel
     */
    public static SafeMergeKernel create(Path workingDirectory) {
        return new SafeMergeKernel(new KernelIO(), workingDirectory.toAbsolutePath().normalize());
    }

    /**
     * Runs the kernel until Jupyter shuts it down.
     *
     * @param args the connection file Jupyter wrote
     */
    public static void main(String[] args) {
        SafeMerge.configureOffline();
        Notebook.quietLogging();
        if (args.length != 1) {
            System.err.println("usage: java -cp kernel-lib.jar:lib/* " + SafeMergeKernel.class.getName()
                    + " CONNECTION_FILE   (Jupyter starts it through the 'safemerge' kernelspec)");
            System.exit(2);
        }
        int status;
        try {
            serve(Path.of(args[0]));
            status = 0;
        } catch (NoSuchFileException e) {
            System.err.println("SafeMerge kernel: no connection file " + e.getFile());
            status = 2;
        } catch (Exception e) {
            System.err.println("SafeMerge kernel: " + e);
            status = 1;
        }
        // Library threads (DJL, AWT) must not keep a kernel alive that Jupyter has shut down.
        System.exit(status);
    }

    private static void serve(Path connectionFile) throws Exception {
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(connectionFile));
        SafeMergeKernel kernel = create(Path.of("").toAbsolutePath());
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
    }

    /**
     * Installs the kernel as the notebook kernel, the display target and the progress reporter, and imports the
     * start-up packages in the background (the first cell waits for them; Jupyter sees the kernel ready at once).
     */
    @Override
    public void onStartup() {
        super.onStartup();
        Display.attach(this);
        progress = new NotebookProgressFactory(this);
        ProgressFactory.setCurrent(progress);
        // A cell's own System.exit only throws (CellExit); library code can still end the JVM: say so in the cell.
        Runtime.getRuntime().addShutdownHook(new Thread(this::exitingDuringACell, "safemerge-exit-notice"));
        Thread thread = new Thread(this::importStartupPackages, "safemerge-startup");
        thread.setDaemon(true);
        thread.start();
    }

    private void exitingDuringACell() {
        int cell = runningCell;
        if (cell >= 0) {
            // (Runtime.halt runs no hooks: nothing can be said then.)
            streams.err().println("The kernel is exiting while cell " + cell + " runs (System.exit called by library"
                    + " code, or the kernel was shut down); restart the kernel.");
            streams.flush();
        }
    }

    private void importStartupPackages() {
        try {
            List<String> skipped = new ArrayList<>();
            for (String entry : StartupImports.configured()) {
                if (!evaluator.tryImport(StartupImports.declaration(entry))) {
                    skipped.add(entry);
                }
            }
            LOG.debug("start-up imports not found (skipped): {}", skipped);
            startup.complete(skipped);
        } catch (RuntimeException | Error e) {
            startup.completeExceptionally(e);
        }
    }

    /** @return the start-up imports that did not resolve (packages not written yet), after they ran */
    List<String> skippedImports() {
        awaitStartup();
        return startup.join();
    }

    private void awaitStartup() {
        try {
            startup.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the kernel was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The kernel's start-up imports failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs a cell: magics and Java chunks in order.
     *
     * @param code the cell
     * @param cell its execution count (for error locations)
     * @return the value of a trailing expression, or null
     * @throws CellException when a part fails (the rest of the cell does not run)
     */
    Object runCell(String code, int cell) {
        awaitStartup();
        evaluator.clearStop();
        Object value = null;
        for (CellParts.Part part : CellParts.split(code)) {
            value = switch (part) {
                case CellParts.Magic magic -> {
                    magics.run(magic);
                    yield null;
                }
                case CellParts.Code chunk -> evaluator.eval(chunk.source(), cell, chunk.line());
            };
        }
        return value;
    }

    @Override
    public Object evalRaw(String source) {
        return runCell(source, executionCount.get());
    }

    /**
     * Handles {@code execute_request} like the base library, except errors: the reply and the published error carry
     * the cell's error name, message and cell-relative traceback instead of the kernel's own Java stack.
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        kernelIO.attach(env, request.isStdinEnabled());
        streams.attach((stderr, text) -> {
            if (stderr) {
                env.writeToStdErr(text);
            } else {
                env.writeToStdOut(text);
            }
        });
        env.defer(() -> {
            streams.detach();
            kernelIO.detach(env);
        });
        try {
            Object value;
            runningCell = count;
            try {
                value = runCell(request.getCode(), count);
            } finally {
                runningCell = -1;
                NotebookProgressFactory lines = progress;
                if (lines != null) {
                    lines.closeOpen();  // a task the cell left open (an interrupt) must not read as running
                }
                streams.flush();
            }
            if (value != null) {
                env.publish(new PublishExecuteResult(count, render(value)));
            }
            // No batch of output may slip between defer() and the reply (it would be deferred in its place).
            synchronized (streams) {
                streams.flush();
                env.defer().reply(new ExecuteReply(count, Collections.emptyMap()));
            }
        } catch (CellException e) {
            replyError(env, count, e.name(), e.getMessage(), e.traceback());
        } catch (RuntimeException | Error e) {
            // Rendering a value or the kernel itself failed: say what, without the kernel's stack.
            String text = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.warn("cell {} failed in the kernel", count, e);
            replyError(env, count, e.getClass().getName(), String.valueOf(e.getMessage()),
                    List.of("\u001b[1;31mKernel error: " + text + "\u001b[0m"));
        }
    }

    private void replyError(ShellReplyEnvironment env, int count, String name, String value,
            List<String> traceback) {
        String evalue = value == null ? "" : value;
        ErrorReply reply = new ErrorReply(name, evalue, traceback);
        reply.setExecutionCount(count);
        synchronized (streams) {
            streams.flush();
            env.publish(new PublishError(name, evalue, traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
        }
    }

    /**
     * Makes the cells' {@code System.out} and {@code System.err} the batching streams ({@link StreamBatcher}) for
     * the request, and {@code System.in} the notebook's input.
     */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        java.io.PrintStream oldOut = System.out;
        java.io.PrintStream oldErr = System.err;
        java.io.InputStream oldIn = System.in;
        System.setOut(streams.out());
        System.setErr(streams.err());
        System.setIn(getIO().in);
        env.defer(() -> {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
    }

    private DisplayData render(Object value, String... mimeTypes) {
        return mimeTypes.length == 0 ? getRenderer().render(value) : getRenderer().renderAs(value, mimeTypes);
    }

    @Override
    public String display(Object value, String... mimeTypes) {
        DisplayData data = render(value, mimeTypes);
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        streams.flush();  // output printed before the display shows above it
        display(data);
        return id;
    }

    @Override
    public void update(String id, Object value, String... mimeTypes) {
        DisplayData data = render(value, mimeTypes);
        streams.flush();
        getIO().display.updateDisplay(id, data);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        awaitStartup();
        List<String> docs = evaluator.documentation(code, at);
        return docs.isEmpty() ? null : new DisplayData(String.join("\n\n", docs));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        awaitStartup();
        int lineStart = code.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        String line = code.substring(lineStart, at);
        if (line.strip().startsWith("%") && !line.contains(" ")) {
            String typed = line.strip().substring(1);
            List<String> names = Magics.NAMES.stream().filter(n -> n.startsWith(typed)).map(n -> "%" + n).toList();
            return new ReplacementOptions(names, lineStart + line.indexOf('%'), at);
        }
        CellEvaluator.Completion c = evaluator.complete(code, at);
        return new ReplacementOptions(c.options(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        awaitStartup();
        return switch (evaluator.readiness(code)) {
            case COMPLETE -> IS_COMPLETE_YES;
            case INVALID -> IS_COMPLETE_BAD;
            case INCOMPLETE -> "    ";
        };
    }

    @Override
    public void interrupt() {
        evaluator.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        evaluator.stop();  // a cell still running must not hold the shutdown up
        evaluator.close();
        maven.close();
    }

    @Override
    public List<String> formatError(Throwable e) {
        return e instanceof CellException ce ? ce.traceback() : super.formatError(e);
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static StringStyler errorStyler() {
        return new StringStyler.Builder()
                .addPrimaryStyle(TextColor.BOLD_RESET_FG)
                .addSecondaryStyle(TextColor.BOLD_RED_FG)
                .addHighlightStyle(TextColor.BOLD_RESET_FG)
                .build();
    }

}
