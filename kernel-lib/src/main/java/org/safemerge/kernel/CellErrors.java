package org.safemerge.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShellException;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Formats what went wrong in a cell the way a notebook user reads it: compile errors with the cell's line number,
 * the line and a caret under the culprit; runtime exceptions with the exception, its causes and a stack whose cell
 * frames name the cell and line ({@code at f(cell 3, line 2)}) and which ends where the cell's code was entered, so
 * no kernel or JShell frames show.
 */
final class CellErrors {
    private static final String RED = "\u001b[1;31m";
    private static final String RESET = "\u001b[0m";
    private static final int MAX_FRAMES = 40;

    private CellErrors() {
    }

    /**
     * Where a snippet came from.
     *
     * @param cell the execution count of its cell (0 for the kernel's start-up snippets)
     * @param line the cell line its source starts on (1-based)
     */
    record Origin(int cell, int line) {
    }

    /**
     * @param chunk the code chunk the snippet came from (its text is shown)
     * @param chunkLine the cell line the chunk starts on (1-based)
     * @param snippetOffset where the snippet starts in the chunk
     * @param diagnostics JShell's errors for the snippet (positions relative to the snippet)
     * @return a compile error naming the first error's line, the line itself and a caret under the culprit
     */
    static CellException compileError(String chunk, int chunkLine, int snippetOffset, List<Diag> diagnostics) {
        List<String> lines = new ArrayList<>();
        String summary = null;
        for (Diag d : diagnostics) {
            if (!d.isError()) {
                continue;
            }
            List<String> message = messageLines(d.getMessage(null));
            int pos = d.getStartPosition() >= 0 ? (int) d.getStartPosition() : (int) d.getPosition();
            if (pos < 0) {
                lines.add(RED + "Compile error: " + message.getFirst() + RESET);
                lines.addAll(message.subList(1, message.size()));
                summary = summary == null ? summary(message) : summary;
                continue;
            }
            int start = Math.min(chunk.length(), snippetOffset + pos);
            int end = d.getEndPosition() > d.getStartPosition() && d.getStartPosition() >= 0
                    ? Math.min(chunk.length(), snippetOffset + (int) d.getEndPosition()) : start + 1;
            int lineStart = chunk.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = chunk.indexOf('\n', start);
            lineEnd = lineEnd < 0 ? chunk.length() : lineEnd;
            int line = chunkLine + count(chunk, '\n', 0, lineStart);
            String text = chunk.substring(lineStart, lineEnd);
            String gutter = String.format("%4d | ", line);
            lines.add(RED + "Compile error at line " + line + ": " + message.getFirst() + RESET);
            lines.add(gutter + text);
            lines.add(" ".repeat(gutter.length() - 2) + "| " + caret(text, start - lineStart,
                    Math.max(start + 1, Math.min(end, lineEnd)) - lineStart));
            for (String extra : message.subList(1, message.size())) {
                lines.add("       " + extra.strip());
            }
            if (summary == null) {
                summary = "line " + line + ": " + summary(message);
            }
        }
        if (summary == null) {
            summary = "the code was rejected without a message";
            lines.add(RED + "Compile error: " + summary + RESET);
        }
        return new CellException("CompileError", summary, lines);
    }

    /**
     * @param chunk the code chunk
     * @param chunkLine the cell line the chunk starts on
     * @param offset where the unfinished code starts in the chunk
     * @return an error for code that ends before its statement does (an unclosed brace, bracket or string)
     */
    static CellException incomplete(String chunk, int chunkLine, int offset) {
        int line = chunkLine + count(chunk, '\n', 0, offset) + leadingBlankLines(chunk.substring(offset));
        String message = "line " + line + ": the code is incomplete (a missing '}', ')' or ';', or an unclosed"
                + " string?)";
        return new CellException("CompileError", message, List.of(RED + "Compile error at " + message + RESET));
    }

    /**
     * @param e what the cell's code threw (JShell's copy: class name, message, translated stack, causes)
     * @param origins where each snippet id came from
     * @return the exception with a cell-relative stack
     */
    static CellException runtimeError(JShellException e, Function<String, Origin> origins) {
        List<String> lines = new ArrayList<>();
        String name = exceptionName(e);
        if (name.equals(CellExit.Refused.class.getName())) {
            name = "SystemExit";
        }
        String message = e.getMessage();
        lines.add(RED + name + (message == null ? "" : ": " + message) + RESET);
        frames(e, origins, lines);
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            String causeMessage = cause.getMessage();
            lines.add(RED + "Caused by: " + exceptionName(cause) + (causeMessage == null ? "" : ": " + causeMessage)
                    + RESET);
            frames(cause, origins, lines);
        }
        return new CellException(name, message == null ? name : message, lines);
    }

    /**
     * @param e JShell's report of a call into a declaration that uses something undefined
     * @param unresolved the names it is missing
     * @param origins where each snippet id came from
     * @return an error naming the declaration and what it is missing
     */
    static CellException unresolved(UnresolvedReferenceException e, List<String> unresolved,
            Function<String, Origin> origins) {
        String what = e.getSnippet().kind() == jdk.jshell.Snippet.Kind.TYPE_DECL ? "class"
                : e.getSnippet().kind().toString().toLowerCase();
        String message = what + " " + e.getSnippet().name() + " uses "
                + (unresolved.isEmpty() ? "something" : String.join(", ", unresolved))
                + ", which is not defined yet";
        List<String> lines = new ArrayList<>();
        lines.add(RED + "Undefined: " + message + RESET);
        frames(e, origins, lines);
        return new CellException("UnresolvedReference", message, lines);
    }

    /** @return the error reported when the user interrupted the cell */
    static CellException interrupted() {
        String message = "the cell was stopped by an interrupt; its variables keep the values they had then";
        return new CellException("Interrupted", message, List.of(RED + "Interrupted: " + message + RESET));
    }

    /** @return "cell 3, line 2" style text for a stack frame in a snippet, or the frame as Java prints it */
    static String frame(StackTraceElement f, Function<String, Origin> origins) {
        String file = f.getFileName();
        if (file == null || !file.startsWith("#")) {
            return f.toString();
        }
        Origin origin = origins.apply(file.substring(1));
        String where = origin == null ? "snippet " + file
                : origin.cell() == 0 ? "kernel start-up, line " + (origin.line() + f.getLineNumber() - 1)
                : "cell " + origin.cell() + ", line " + (origin.line() + f.getLineNumber() - 1);
        String cls = f.getClassName() == null || isWrapperClass(f.getClassName()) ? "" : f.getClassName();
        String method = f.getMethodName() == null ? "" : userMethod(f.getMethodName());
        String member = cls.isEmpty() ? method : method.isEmpty() ? cls : cls + "." + method;
        return member.isEmpty() ? where : member + "(" + where + ")";
    }

    /** JShell's wrapper classes ({@code REPL.$JShell$12}), which mean nothing to the user. */
    private static boolean isWrapperClass(String cls) {
        return cls.startsWith("REPL.") || cls.startsWith("$JShell$");
    }

    /**
     * The method a user wrote, as the frame should name it: "" for JShell's wrappers around top-level code
     * ({@code do_it$}, {@code do_it$Aux}) and lambdas in it, the enclosing method for a lambda ({@code lambda$f$0}
     * is {@code f}).
     */
    static String userMethod(String method) {
        String m = method;
        if (m.startsWith("lambda$")) {
            m = m.substring("lambda$".length());
            int last = m.lastIndexOf('$');
            if (last > 0 && last < m.length() - 1 && m.substring(last + 1).chars().allMatch(Character::isDigit)) {
                m = m.substring(0, last);
            }
        }
        return m.equals("do_it") || m.startsWith("do_it$") ? "" : m;
    }

    private static void frames(Throwable t, Function<String, Origin> origins, List<String> lines) {
        StackTraceElement[] stack = t.getStackTrace();
        int shown = Math.min(stack.length, MAX_FRAMES);
        for (int i = 0; i < shown; i++) {
            lines.add("    at " + frame(stack[i], origins));
        }
        if (stack.length > shown) {
            lines.add("    ... " + (stack.length - shown) + " more");
        }
    }

    private static String exceptionName(Throwable t) {
        return t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
    }

    /** "cannot find symbol (variable x)": javac's first line, its details in parentheses, blanks collapsed. */
    private static String summary(List<String> message) {
        String first = message.getFirst().strip();
        if (message.size() == 1) {
            return first;
        }
        String details = message.subList(1, message.size()).stream()
                .map(l -> l.strip().replaceFirst("^symbol:\\s*", "").replaceAll("\\s+", " "))
                .collect(java.util.stream.Collectors.joining("; "));
        return first + " (" + details + ")";
    }

    private static List<String> messageLines(String message) {
        List<String> lines = new ArrayList<>();
        for (String l : message.split("\\R")) {
            // JShell's "location: class" names its wrapper class, which means nothing to the user.
            if (!l.isBlank() && !l.strip().startsWith("location:")) {
                lines.add(l);
            }
        }
        if (lines.isEmpty()) {
            lines.add(message);
        }
        return lines;
    }

    /** Spaces (or the line's own tabs) up to {@code from}, then carets up to {@code to}. */
    private static String caret(String line, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < from && i < line.length(); i++) {
            s.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        s.append("^".repeat(Math.max(1, to - from)));
        return s.toString();
    }

    static int count(String s, char ch, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < s.length(); i++) {
            if (s.charAt(i) == ch) {
                n++;
            }
        }
        return n;
    }

    private static int leadingBlankLines(String s) {
        int n = 0;
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            if (s.charAt(i) == '\n') {
                n++;
            }
            i++;
        }
        return n;
    }
}
