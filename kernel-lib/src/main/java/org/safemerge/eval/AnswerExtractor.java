package org.safemerge.eval;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the answer out of a generated reply and normalises it, so that exact match compares like with like.
 * Applied to the reference answer too.
 */
@FunctionalInterface
public interface AnswerExtractor {
    /** @return the extracted, normalised answer ("" if none) */
    String extract(String text);

    /** The whole reply's first line: lower case, white space collapsed, trailing {@code .!} removed. */
    static AnswerExtractor text() {
        return t -> {
            if (t == null) {
                return "";
            }
            String line = t.strip().lines().findFirst().orElse("");
            return line.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("[.!]+$", "").strip();
        };
    }

    /** The last integer or decimal number in the reply (GSM8K convention), without thousands separators. */
    static AnswerExtractor lastNumber() {
        Pattern number = Pattern.compile("-?\\d[\\d,]*(\\.\\d+)?");
        return t -> {
            if (t == null) {
                return "";
            }
            Matcher m = number.matcher(t);
            String last = "";
            while (m.find()) {
                last = m.group();
            }
            return last.replace(",", "");
        };
    }

    /** @return the extractor named {@code text} or {@code number} (the names the suite files use) */
    static AnswerExtractor named(String name) {
        return switch (name) {
            case "text" -> text();
            case "number" -> lastNumber();
            default -> throw new IllegalArgumentException("unknown answer extractor '" + name
                    + "'; expected text or number");
        };
    }
}
