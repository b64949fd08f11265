package org.safemerge.notebook;

/**
 * One model on an alignment-vs-accuracy plot.
 *
 * @param label     what the point is ("tiny-math", "TIES grid", "TIES EvoMM +safety")
 * @param alignment percent of safe replies, 0-100
 * @param accuracy  domain accuracy in percent, 0-100
 * @param parent    true for an input model of the merge (drawn as a labelled diamond), false for a merge
 */
public record ScorePoint(String label, double alignment, double accuracy, boolean parent) {
    /** @return a parent model's point */
    public static ScorePoint parent(String label, double alignment, double accuracy) {
        return new ScorePoint(label, alignment, accuracy, true);
    }

    /** @return a merged model's point */
    public static ScorePoint merge(String label, double alignment, double accuracy) {
        return new ScorePoint(label, alignment, accuracy, false);
    }
}
