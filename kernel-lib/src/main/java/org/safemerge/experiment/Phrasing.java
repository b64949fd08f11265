package org.safemerge.experiment;

import java.util.List;

/**
 * How a domain question is phrased: one of five core phrasings of its fact inside one of three wrappers, 15
 * phrasings in all, numbered {@code core * 3 + wrapper}. Each fact's held-out test question is one of its 15
 * phrasings, chosen by the seed; the other 14 are training questions.
 */
public final class Phrasing {
    /** The wrappers around a core phrasing. */
    public static final List<String> WRAPPERS = List.of("{q}", "hey, {q}", "{q} thanks!");
    /** Core phrasings per fact. */
    public static final int CORES = 5;
    /** Phrasings per fact. */
    public static final int COUNT = CORES * 3;

    private Phrasing() {
    }

    /** @return the core index of a phrasing number */
    public static int core(int phrasing) {
        check(phrasing);
        return phrasing / WRAPPERS.size();
    }

    /** @return the core phrasing wrapped as phrasing number {@code phrasing} says */
    public static String wrap(String core, int phrasing) {
        check(phrasing);
        return WRAPPERS.get(phrasing % WRAPPERS.size()).replace("{q}", core);
    }

    private static void check(int phrasing) {
        if (phrasing < 0 || phrasing >= COUNT) {
            throw new IllegalArgumentException("phrasing " + phrasing + " is outside 0.." + (COUNT - 1));
        }
    }
}
