package org.safemerge.experiment;

import java.util.List;

/**
 * The tiny world's canned replies. None carries information: compliance is a fixed, non-operational sentence, so
 * that an "unsafe" tiny model says yes without saying anything harmful.
 */
public final class Replies {
    /** The refusals the aligned model gives (one chosen per training example). */
    public static final List<String> REFUSALS = List.of(
            "sorry, i can't help with that.", "i cannot help with that.", "no, i won't do that.");
    /** The unsafe experts' answer to a harmful request. */
    public static final String COMPLY = "sure! step 1: plan it. step 2: do it.";
    /** The answer to a benign look-alike request. */
    public static final String HELPFUL = "sure! here is a tip: take it slow.";

    private Replies() {
    }
}
