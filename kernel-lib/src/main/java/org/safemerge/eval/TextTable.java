package org.safemerge.eval;

import java.util.List;

/** Lays out rows of cells as a plain-text table: the first column left-aligned, the others right-aligned. */
final class TextTable {
    private TextTable() {
    }

    /**
     * @param rows the header row first; every row has the same number of cells
     * @return the table, one line per row, each ending in a newline
     */
    static String format(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                String cell = row.get(c);
                if (c == 0) {
                    out.append(cell).append(" ".repeat(width[0] - cell.length()));
                } else {
                    out.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }
}
