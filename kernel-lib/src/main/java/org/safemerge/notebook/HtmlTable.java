package org.safemerge.notebook;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.columns.Column;
import tech.tablesaw.table.Relation;

/**
 * Turns a Tablesaw table into the HTML a notebook shows: a caption with the name and shape, a header row, and at
 * most {@link #MAX_ROWS} rows (the rest is counted, not shown, so a million-row table does not freeze the browser).
 * Numbers are right-aligned, every value is HTML-escaped.
 */
public final class HtmlTable {
    /** Rows shown before the table is cut. */
    public static final int MAX_ROWS = 50;

    private HtmlTable() {
    }

    /**
     * @param table the table or table slice to show
     * @return an HTML fragment with one {@code <table>}
     */
    public static String of(Relation table) {
        int rows = table.rowCount();
        int shown = Math.min(rows, MAX_ROWS);
        StringBuilder html = new StringBuilder(256 + 32 * shown * Math.max(1, table.columnCount()));
        html.append("<table class=\"safemerge-table\">\n<caption style=\"text-align:left\">");
        if (table.name() != null && !table.name().isBlank()) {
            html.append(escape(table.name())).append(": ");
        }
        html.append(rows).append(rows == 1 ? " row" : " rows").append(" × ").append(table.columnCount())
                .append(table.columnCount() == 1 ? " column" : " columns").append("</caption>\n<thead><tr>");
        for (Column<?> c : table.columns()) {
            html.append("<th").append(align(c)).append('>').append(escape(c.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            html.append("<tr>");
            for (Column<?> c : table.columns()) {
                html.append("<td").append(align(c)).append('>').append(escape(cell(c, r))).append("</td>");
            }
            html.append("</tr>\n");
        }
        if (shown < rows) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">… ").append(rows - shown)
                    .append(" more rows</td></tr>\n");
        }
        return html.append("</tbody>\n</table>").toString();
    }

    /** A cell's text; floating-point numbers with four significant digits (scores read better as 99.29). */
    private static String cell(Column<?> c, int r) {
        if ((c instanceof tech.tablesaw.api.DoubleColumn || c instanceof tech.tablesaw.api.FloatColumn)
                && !c.isMissing(r)) {
            return number(((Number) c.get(r)).doubleValue());
        }
        return c.getString(r);
    }

    /**
     * @return {@code v} with four significant digits and no trailing zeros, whole numbers from 10000 up, and
     *     {@code NaN} / {@code Infinity} as Java writes them
     */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) >= 10_000) {
            return Long.toString(Math.round(v));
        }
        if (v == 0) {
            return "0";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** Plain text for the same table: Tablesaw's own layout, cut at {@link #MAX_ROWS} rows. */
    public static String text(Relation table) {
        return table.print(MAX_ROWS);
    }

    /** @return {@code s} with the five HTML special characters escaped ({@code null} becomes "") */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String align(Column<?> c) {
        // By class, not by identity with ColumnType.DOUBLE & co: when a DoubleColumn is made before ColumnType is
        // first touched, Tablesaw's circular initialisation leaves the column a DoubleColumnType instance of its own.
        return c instanceof NumericColumn<?> ? " style=\"text-align:right\"" : " style=\"text-align:left\"";
    }
}
