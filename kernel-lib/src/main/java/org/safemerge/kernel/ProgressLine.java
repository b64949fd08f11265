package org.safemerge.kernel;

import java.util.Locale;
import org.safemerge.notebook.HtmlTable;
import org.safemerge.notebook.Renderable;
import org.safemerge.progress.Progress;

/**
 * One state of a task's progress, as the notebook shows it: {@code Merging [######....] 12/30 tensors 40% · 3.1
 * tensors/s · ETA 6 s · loss 1.23} in text, an HTML {@code <progress>} bar in front of the same text in HTML.
 *
 * @param task what runs
 * @param done units done
 * @param total units in all, or -1 when unknown
 * @param unit what a unit is ("tensors")
 * @param elapsedNanos time since the start
 * @param extra free text after the counts (may be empty)
 * @param state running, done (closed with all its units done, or with an unknown total), or stopped (closed
 *        early: an exception, an interrupt, a {@code break})
 */
record ProgressLine(String task, long done, long total, String unit, long elapsedNanos, String extra,
        State state) implements Renderable {
    private static final int BAR = 24;

    /** Where a task stands. */
    enum State {
        RUNNING, DONE, STOPPED;

        /** @return how a task closed with {@code done} of {@code total} units ended: stopped when units are left */
        static State closed(long done, long total) {
            return Progress.stoppedEarly(done, total) ? STOPPED : DONE;
        }
    }

    @Override
    public String toText() {
        StringBuilder s = new StringBuilder(task).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR, BAR * done / total);
            s.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
        }
        return s.append(counts()).toString();
    }

    @Override
    public String toHtml() {
        String bar = total > 0
                ? "<progress value=\"" + Math.min(done, total) + "\" max=\"" + total + "\" style=\"width:16em\">"
                + "</progress> " : "";
        return "<div class=\"safemerge-progress\">" + bar + "<code>" + HtmlTable.escape(task + " " + counts())
                + "</code></div>";
    }

    private String counts() {
        StringBuilder s = new StringBuilder();
        s.append(done);
        if (total > 0) {
            s.append('/').append(total);
        }
        s.append(' ').append(unit);
        if (total > 0) {
            s.append(' ').append(Math.min(100, 100 * done / total)).append('%');
        }
        double seconds = elapsedNanos / 1e9;
        if (seconds > 0 && done > 0) {
            s.append(" · ").append(String.format(Locale.ROOT, "%.1f", done / seconds)).append(' ').append(unit)
                    .append("/s");
        }
        if (state == State.DONE) {
            s.append(" · done in ").append(duration(seconds));
        } else if (state == State.STOPPED) {
            s.append(" · stopped at ").append(done).append(total > 0 ? "/" + total : " " + unit).append(" after ")
                    .append(duration(seconds));
        } else if (total > 0 && done > 0 && done < total) {
            s.append(" · ETA ").append(duration(seconds * (total - done) / done));
        }
        if (extra != null && !extra.isBlank()) {
            s.append(" · ").append(extra.strip());
        }
        return s.toString();
    }

    /** "0.4 s", "12 s", "3 min 05 s", "2 h 03 min". */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
