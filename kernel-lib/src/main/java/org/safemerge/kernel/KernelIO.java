package org.safemerge.kernel;

import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * The kernel's Jupyter streams (stdout, stderr, stdin, displays), opened to the kernel's own execute handler: the
 * base library only lets its handler attach them to a request.
 */
final class KernelIO extends JupyterIO {
    KernelIO() {
        super(StandardCharsets.UTF_8);
    }

    /** Routes the streams and displays to {@code env}'s request until {@link #detach}. */
    void attach(ShellReplyEnvironment env, boolean stdinAllowed) {
        setEnv(env);
        setJupyterInEnabled(stdinAllowed);
    }

    /** Stops routing to {@code env} (later output of stray threads is dropped). */
    void detach(ShellReplyEnvironment env) {
        retractEnv(env);
    }
}
