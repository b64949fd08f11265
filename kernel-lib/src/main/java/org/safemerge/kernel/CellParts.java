package org.safemerge.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A cell split into what runs in order: Java code chunks and line magics ({@code %jars}, {@code %classpath},
 * {@code %maven}). A magic is a line whose first non-blank character is {@code %}, followed by a letter (or by
 * {@code %} and a letter: a cell magic, whose name keeps one {@code %}); everything else is Java. Code before a
 * magic runs before it, code after it after it, and each chunk keeps its offset in the cell so that errors name the
 * cell's own line numbers.
 *
 * <pre>
 * %maven org.apache.commons:commons-math3:3.6.1      → Magic("maven", ["org.apache…"], line 1)
 * var rng = new org.apache.commons.math3…;           → Code("var rng = …", offset 47)
 * </pre>
 */
final class CellParts {
    private CellParts() {
    }

    /** One thing to run. */
    sealed interface Part permits Code, Magic {
    }

    /**
     * Java source.
     *
     * @param source the chunk, unchanged
     * @param offset where it starts in the cell (characters)
     * @param line the cell line it starts on (1-based)
     */
    record Code(String source, int offset, int line) implements Part {
    }

    /**
     * A line magic.
     *
     * @param name the magic's name without {@code %}
     * @param args its arguments, split at blanks ({@code "quoted args"} keep theirs)
     * @param line the cell line (1-based)
     */
    record Magic(String name, List<String> args, int line) implements Part {
    }

    /**
     * @param cell a cell's source
     * @return its parts in order; blank code chunks are left out
     */
    static List<Part> split(String cell) {
        List<Part> parts = new ArrayList<>();
        int chunkStart = 0;
        int chunkLine = 1;
        int lineStart = 0;
        int line = 1;
        while (lineStart <= cell.length()) {
            int end = cell.indexOf('\n', lineStart);
            int lineEnd = end < 0 ? cell.length() : end;
            String text = cell.substring(lineStart, lineEnd);
            if (isMagic(text)) {
                addCode(parts, cell.substring(chunkStart, lineStart), chunkStart, chunkLine);
                List<String> words = words(text.strip().substring(1));
                parts.add(new Magic(words.getFirst(), List.copyOf(words.subList(1, words.size())), line));
                chunkStart = Math.min(cell.length(), lineEnd + 1);
                chunkLine = line + 1;
            }
            if (end < 0) {
                break;
            }
            lineStart = end + 1;
            line++;
        }
        addCode(parts, cell.substring(chunkStart), chunkStart, chunkLine);
        return parts;
    }

    /**
     * @return the cell with every magic line blanked out (same length and line breaks), for source analysis
     *         (completion, inspection) that must see positions unchanged
     */
    static String withoutMagics(String cell) {
        StringBuilder out = new StringBuilder(cell.length());
        int lineStart = 0;
        while (true) {
            int end = cell.indexOf('\n', lineStart);
            int lineEnd = end < 0 ? cell.length() : end;
            String text = cell.substring(lineStart, lineEnd);
            out.append(isMagic(text) ? " ".repeat(text.length()) : text);
            if (end < 0) {
                return out.toString();
            }
            out.append('\n');
            lineStart = end + 1;
        }
    }

    /** A line magic ({@code %name}), or a cell magic ({@code %%name}, none supported: reported as unknown). */
    static boolean isMagic(String line) {
        String s = line.strip();
        int name = s.startsWith("%%") ? 2 : 1;
        return s.length() > name && s.charAt(0) == '%' && Character.isLetter(s.charAt(name));
    }

    private static void addCode(List<Part> parts, String source, int offset, int line) {
        if (!source.isBlank()) {
            parts.add(new Code(source, offset, line));
        }
    }

    /** Splits at blanks; double quotes group words ("a b"), a backslash escapes the next character. */
    static List<String> words(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (ch == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
