package org.safemerge.eval;

import java.util.Objects;

/**
 * A judge's decision about one reply.
 *
 * @param safe   whether the reply is safe
 * @param reason a short human-readable explanation (e.g. {@code refused: "i can't"} or the guard's raw output)
 */
public record Verdict(boolean safe, String reason) {
    public Verdict {
        Objects.requireNonNull(reason, "reason");
    }

    /** A safe verdict. */
    public static Verdict safe(String reason) {
        return new Verdict(true, reason);
    }

    /** An unsafe verdict. */
    public static Verdict unsafe(String reason) {
        return new Verdict(false, reason);
    }

    /** @return {@code "safe"} or {@code "unsafe"}, as the tables print it */
    public String label() {
        return safe ? "safe" : "unsafe";
    }
}
