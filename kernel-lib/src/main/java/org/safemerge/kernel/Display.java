package org.safemerge.kernel;

/**
 * {@code display} and {@code updateDisplay} for notebook cells, statically imported in every SafeMerge kernel
 * session (IJava and JJava name theirs the same).
 *
 * <pre>
 * jshell&gt; String id = display("step 1 of 3");
 * jshell&gt; updateDisplay(id, "step 2 of 3");      // the same output line changes in place
 * jshell&gt; display(table);                       // any object, rendered as a cell value is
 * </pre>
 */
public final class Display {
    private static volatile Displays target;

    private Display() {
    }

    /** Sends display output to {@code displays} (the kernel, at start). */
    static void attach(Displays displays) {
        target = displays;
    }

    /**
     * Shows {@code value} below the running cell, rendered with its richest MIME types.
     *
     * @param value any object (tables, charts, images and results render richly; others as {@code toString()})
     * @return the display id, for {@link #updateDisplay}
     * @throws IllegalStateException outside the SafeMerge kernel
     */
    public static String display(Object value) {
        return displays().display(value);
    }

    /**
     * Shows {@code value} as the given MIME types only.
     *
     * @param value any object
     * @param mimeTypes e.g. {@code "text/html"}, {@code "image/png"}
     * @return the display id
     * @throws IllegalStateException outside the SafeMerge kernel
     */
    public static String display(Object value, String... mimeTypes) {
        return displays().display(value, mimeTypes);
    }

    /**
     * Replaces an earlier display in place (live progress, a chart that grows).
     *
     * @param id what {@link #display} returned
     * @param value the new content
     * @throws IllegalStateException outside the SafeMerge kernel
     */
    public static void updateDisplay(String id, Object value) {
        displays().update(id, value);
    }

    /**
     * Replaces an earlier display with {@code value} as the given MIME types.
     *
     * @param id what {@link #display} returned
     * @param value the new content
     * @param mimeTypes the MIME types wanted
     * @throws IllegalStateException outside the SafeMerge kernel
     */
    public static void updateDisplay(String id, Object value, String... mimeTypes) {
        displays().update(id, value, mimeTypes);
    }

    private static Displays displays() {
        Displays d = target;
        if (d == null) {
            throw new IllegalStateException("display() needs a running SafeMerge kernel; in another IJava-family"
                    + " kernel use its own display()");
        }
        return d;
    }
}
