package org.safemerge.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * Evaluates Java code with JShell in this JVM: several statements and declarations per chunk, state kept between
 * calls, the real object of a trailing expression handed back, errors as {@link CellException}s that name the
 * cell's lines, and a {@link #stop()} that interrupts running code from another thread.
 *
 * <p>Not thread-safe except {@link #stop()}: one thread evaluates, completes and inspects (the kernel's shell
 * thread).
 */
public final class CellEvaluator implements AutoCloseable {
    private final JShell shell;
    private final InJvmExecutionControl.Provider provider;
    private final Map<String, CellErrors.Origin> origins = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;

    /** Starts JShell with the classes of this JVM (the library and its dependencies) on its class path. */
    public CellEvaluator() {
        provider = new InJvmExecutionControl.Provider(CellEvaluator.class.getClassLoader());
        shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions("-Xlint:none")
                .build();
    }

    /**
     * Evaluates a chunk of Java code, snippet by snippet, stopping at the first error.
     *
     * @param source the code (statements, expressions, declarations, imports; no magics)
     * @param cell the cell's execution count, for error locations (0 for start-up code)
     * @param firstLine the cell line {@code source} starts on (1-based)
     * @return the value of the chunk's last snippet if it is an expression (the object itself, may be null), else
     *         null
     * @throws CellException for a compile error, an exception thrown by the code, or an interrupt
     */
    public Object eval(String source, int cell, int firstLine) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        Object value = null;
        int offset = 0;
        while (offset < source.length()) {
            checkStop();
            int start = skipWhitespace(source, offset);
            if (start >= source.length()) {
                break;
            }
            String rest = source.substring(start);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;  // only comments are left
            }
            if (info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                    || info.completeness() == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                throw CellErrors.incomplete(source, firstLine, start);
            }
            int line = firstLine + CellErrors.count(source, '\n', 0, start);
            value = evalSnippet(info.source(), source, firstLine, start, new CellErrors.Origin(cell, line));
            offset = start + rest.length() - info.remaining().length();
        }
        checkStop();
        return value;
    }

    private Object evalSnippet(String snippetSource, String chunk, int chunkLine, int snippetOffset,
            CellErrors.Origin origin) {
        List<SnippetEvent> events = shell.eval(snippetSource);
        Object value = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;  // a dependent snippet updated as a consequence, not what the user wrote
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), origin);
            checkStop();
            if (event.status() == Snippet.Status.REJECTED) {
                List<Diag> diagnostics = shell.diagnostics(snippet).toList();
                throw CellErrors.compileError(chunk, chunkLine, snippetOffset, diagnostics);
            }
            JShellException thrown = event.exception();
            if (thrown instanceof UnresolvedReferenceException ure) {
                throw CellErrors.unresolved(ure, shell.unresolvedDependencies(ure.getSnippet()).toList(),
                        origins::get);
            }
            if (thrown != null) {
                throw CellErrors.runtimeError(thrown, origins::get);
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                warnUnresolved((DeclarationSnippet) snippet);
            }
            value = valueOf(snippet);
        }
        return value;
    }

    /** The object of an expression snippet ({@code x + 1}, {@code table}), null for anything else. */
    private Object valueOf(Snippet snippet) {
        if (snippet instanceof VarSnippet v && v.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            shell.varValue(v);
            return provider.control().takeValue();
        }
        if (snippet instanceof ExpressionSnippet e && e.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            VarSnippet variable = shell.variables().filter(v -> v.name().equals(e.name())).findFirst().orElse(null);
            if (variable != null && shell.status(variable) == Snippet.Status.VALID) {
                shell.varValue(variable);
                return provider.control().takeValue();
            }
        }
        return null;
    }

    private void warnUnresolved(DeclarationSnippet snippet) {
        String missing = shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        System.err.println("note: " + snippet.name() + " uses " + missing + ", which is not defined yet; it works"
                + " once " + missing + " is defined");
    }

    /**
     * Imports into the session, quietly skipping what does not exist.
     *
     * @param declaration e.g. {@code "import tech.tablesaw.api.*;"}
     * @return whether JShell accepted it (false for a package that is not on the class path)
     */
    public boolean tryImport(String declaration) {
        for (SnippetEvent event : shell.eval(declaration)) {
            if (event.causeSnippet() == null) {
                origins.put(event.snippet().id(), new CellErrors.Origin(0, 1));
                return event.status() == Snippet.Status.VALID;
            }
        }
        return false;
    }

    /**
     * Adds a jar or class directory to the compiler's and the class loader's path, for this and later cells.
     *
     * @param path an existing file or directory (absolute)
     */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /** Forgets an earlier {@link #stop()}: called when a new cell starts. */
    public void clearStop() {
        stopRequested = false;
    }

    /**
     * Stops the running code (at its next loop iteration or method entry; blocking calls get a thread interrupt)
     * and the rest of the cell. Safe to call from any thread, also when nothing runs.
     */
    public void stop() {
        stopRequested = true;
        shell.stop();
    }

    private void checkStop() {
        if (stopRequested) {
            throw CellErrors.interrupted();
        }
    }

    /**
     * Completion options at the cursor.
     *
     * @param code the cell (magic lines are ignored)
     * @param cursor the cursor position in {@code code}
     * @return the range to replace and the options, the ones that fit the expected type first
     */
    public Completion complete(String code, int cursor) {
        String java = CellParts.withoutMagics(code);
        int start = snippetStart(java, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = shell.sourceCodeAnalysis()
                .completionSuggestions(java.substring(start), cursor - start, anchor);
        Set<String> options = new LinkedHashSet<>();
        suggestions.stream()
                .sorted(Comparator.comparing((SourceCodeAnalysis.Suggestion s) -> !s.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .forEach(options::add);
        return new Completion(start + anchor[0], cursor, List.copyOf(options));
    }

    /**
     * Documentation of what is at the cursor (signature and, where sources exist, javadoc).
     *
     * @param code the cell
     * @param cursor the cursor position
     * @return one entry per matching signature; empty when nothing is known there
     */
    public List<String> documentation(String code, int cursor) {
        String java = CellParts.withoutMagics(code);
        // JShell documents a method only inside its call's parentheses, and an identifier only when the cursor ends
        // it: move to the end of the name under the cursor ("Math.ma|x(1, 2)"), past a '(' that follows, and where
        // nothing is known there, ask as if a '(' followed ("Recipe.builder|", a method "sq|" of an earlier cell).
        int at = Math.min(cursor, java.length());
        while (at < java.length() && Character.isJavaIdentifierPart(java.charAt(at))) {
            at++;
        }
        int paren = skipWhitespace(java, at);
        boolean call = paren < java.length() && java.charAt(paren) == '(';
        if (call) {
            at = paren + 1;
        }
        int start = snippetStart(java, at);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> found = analysis.documentation(java.substring(start), at - start, true);
        if (found.isEmpty() && !call && at > 0 && Character.isJavaIdentifierPart(java.charAt(at - 1))) {
            found = analysis.documentation(java.substring(start, at) + "(", at - start + 1, true);
        }
        List<String> docs = new ArrayList<>();
        for (SourceCodeAnalysis.Documentation d : found) {
            String signature = readableSignature(d.signature());
            docs.add(d.javadoc() == null || d.javadoc().isBlank() ? signature : signature + "\n\n" + d.javadoc());
        }
        return docs;
    }

    /** A record's header in front of its members' names, as JShell prints it: "Recipe(String a, …).builder(". */
    private static final java.util.regex.Pattern RECORD_HEADER =
            java.util.regex.Pattern.compile("([\\w$]+)\\([^()]*\\)\\.([\\w$<>]+\\()");

    /**
     * @param signature a signature as JShell prints it
     * @return it as a reader wants it: a record's member named {@code Recipe.builder(…)}, not after the record's
     *         whole header, and {@code java.lang} types by their simple names
     */
    static String readableSignature(String signature) {
        String s = RECORD_HEADER.matcher(signature).replaceAll("$1.$2");
        return s.replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "");
    }

    /**
     * @param code a cell
     * @return whether the front end may run it: COMPLETE, INCOMPLETE (keep typing: an open brace, a missing
     *         operand) or INVALID
     */
    public Readiness readiness(String code) {
        String java = CellParts.withoutMagics(code);
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = java;
        while (!rest.isBlank()) {
            CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY -> {
                    return Readiness.COMPLETE;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> {
                    return Readiness.INCOMPLETE;
                }
                case UNKNOWN -> {
                    return Readiness.INVALID;
                }
                default -> rest = info.remaining();
            }
        }
        return Readiness.COMPLETE;
    }

    /** Whether a cell can run as typed. */
    public enum Readiness { COMPLETE, INCOMPLETE, INVALID }

    /**
     * Completion options.
     *
     * @param start first character to replace
     * @param end one past the last character to replace (the cursor)
     * @param options what may replace it
     */
    public record Completion(int start, int end, List<String> options) {
    }

    /** Where the snippet holding {@code cursor} starts: completion and documentation analyse one snippet. */
    private int snippetStart(String code, int cursor) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int start = 0;
        while (start < cursor) {
            int first = skipWhitespace(code, start);
            if (first >= cursor) {
                return first > cursor ? cursor : first;
            }
            String rest = code.substring(first);
            CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                return first;
            }
            int end = first + rest.length() - info.remaining().length();
            if (end >= cursor) {
                return first;
            }
            start = end;
        }
        return Math.min(start, cursor);
    }

    private static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public void close() {
        shell.close();
    }
}
