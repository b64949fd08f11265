package org.safemerge.kernel;

import java.util.List;

/**
 * A cell that failed, in the shape Jupyter reports it: a name ({@code ename}), a one-line message ({@code evalue})
 * and the traceback lines the notebook shows. Carries no Java stack of its own: the kernel's frames are not the
 * user's business.
 */
public final class CellException extends RuntimeException {
    private final String name;
    private final List<String> traceback;

    /**
     * @param name what failed, e.g. "CompileError", "java.lang.ArithmeticException", "Interrupted"
     * @param message one line: what, where, the value
     * @param traceback the lines to show (may contain ANSI colours)
     */
    public CellException(String name, String message, List<String> traceback) {
        super(message, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** @return the error name Jupyter shows ({@code ename}) */
    public String name() {
        return name;
    }

    /** @return the traceback lines */
    public List<String> traceback() {
        return traceback;
    }
}
