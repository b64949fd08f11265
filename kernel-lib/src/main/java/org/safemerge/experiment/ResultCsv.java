package org.safemerge.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reproduction's CSV tables ({@code table1.csv}, {@code table2.csv}): the header
 * {@code pool,method,weighting,data,alignment,domain_acc} and one row per parent or merge, scores in percent with
 * one decimal. No field holds a comma, so no quoting is needed.
 */
public final class ResultCsv {
    private ResultCsv() {
    }

    /** @return the table as CSV text */
    public static String format(List<ResultRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", ResultRow.COLUMNS)).append('\n');
        for (ResultRow r : rows) {
            sb.append(String.join(",", r.pool(), r.method(), r.weighting(), r.data(), percent(r.alignment()),
                    percent(r.domainAcc()), r.model())).append('\n');
        }
        return sb.toString();
    }

    /** Writes the table. */
    public static void write(Path file, List<ResultRow> rows) {
        try {
            Files.writeString(file, format(rows), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table written by {@link #write}.
     *
     * @throws IllegalArgumentException naming the file and line if the header or a row is malformed
     */
    public static List<ResultRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String header = String.join(",", ResultRow.COLUMNS);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(file + ": line 1: expected the header '" + header + "', got '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        List<ResultRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != ResultRow.COLUMNS.size()) {
                    throw new IllegalArgumentException("expected " + ResultRow.COLUMNS.size() + " fields, got "
                            + f.length);
                }
                rows.add(new ResultRow(f[0], f[1], f[2], f[3], Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        f[6]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
