package org.safemerge.search;

/** How a search picks its best candidate among those it evaluated. */
public enum Selection {
    /** The lowest objective (what data-aware merging optimises). */
    OBJECTIVE,
    /**
     * The highest domain accuracy, ties broken by the lower objective: the paper's rule for grid search. Needs a
     * {@link CandidateEvaluator}.
     */
    ACCURACY
}
