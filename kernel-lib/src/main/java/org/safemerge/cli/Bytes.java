package org.safemerge.cli;

import java.util.Locale;

/** Byte counts for people ("1.5 GB") and from them ("5GB", "500M", "1024"). Powers of 1000, as mergekit. */
public final class Bytes {
    private Bytes() {
    }

    /** @return a short human form: "812 B", "4.2 kB", "1.50 GB" */
    public static String format(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    /**
     * Parses a size: a number with an optional K/M/G/T (or KB/MB/GB/TB, or mergekit's B for billions) suffix,
     * powers of 1000; KiB/MiB/GiB are powers of 1024.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    public static long parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        long mult = 1;
        String[][] suffixes = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"TIB", "1099511627776"},
                {"KB", "1000"}, {"MB", "1000000"}, {"GB", "1000000000"}, {"TB", "1000000000000"},
                {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"B", "1000000000"}, {"T", "1000000000000"}};
        for (String[] suf : suffixes) {
            if (s.endsWith(suf[0]) && s.length() > suf[0].length()) {
                mult = Long.parseLong(suf[1]);
                s = s.substring(0, s.length() - suf[0].length()).trim();
                break;
            }
        }
        try {
            double v = Double.parseDouble(s);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return Math.round(v * mult);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size '" + text
                    + "'; expected a positive number with an optional suffix, e.g. 5GB, 500MB, 2GiB or 1000000");
        }
    }
}
