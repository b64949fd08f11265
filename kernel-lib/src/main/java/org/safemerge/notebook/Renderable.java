package org.safemerge.notebook;

import java.awt.image.RenderedImage;

/**
 * A result that knows how to show itself in a notebook: evaluation results, search results and the like implement
 * it, and every kernel that ran {@link Notebook#setup()} (or the SafeMerge kernel) renders it with each MIME type it
 * offers: {@code text/plain} always, {@code text/html}, {@code text/markdown} and {@code image/png} when the methods
 * below return something. {@link Markdown} shows a Markdown text.
 *
 * <pre>
 * jshell&gt; record Score(String name, double value) implements Renderable {
 *    ...&gt;     public String toText() { return name + " = " + value; }
 *    ...&gt;     public String toHtml() { return "&lt;b&gt;" + name + "&lt;/b&gt; = " + value; }
 *    ...&gt; }
 * jshell&gt; new Score("refusal rate", 0.93)     // shows "refusal rate = 0.93" in bold in a notebook
 * </pre>
 */
public interface Renderable {
    /** @return the plain-text form (terminals, logs, the {@code text/plain} output); never null */
    String toText();

    /** @return an HTML fragment (no {@code <html>}/{@code <body>}), or null when there is none (the default) */
    default String toHtml() {
        return null;
    }

    /** @return a Markdown text ({@code text/markdown}), or null when there is none (the default) */
    default String toMarkdown() {
        return null;
    }

    /** @return a picture of the result, or null when there is none (the default) */
    default RenderedImage toImage() {
        return null;
    }
}
