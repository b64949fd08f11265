package org.safemerge.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.PromptItem;
import org.safemerge.eval.QaItem;

/**
 * The evaluation prompts that merge data must never contain: every prompt of a held-out {@link EvalSuite}
 * (harmful, STEM, BIO and benign), compared by {@link QuestionParser#key} (case and white space ignored).
 *
 * <p>How the pipelines use it: (1) before any generation, in-context examples equal to an evaluation prompt are
 * refused ({@link #requireDisjoint}): someone passed a test split as training data; (2) a sampled question equal to
 * an evaluation prompt is dropped and counted as {@code test_overlap} (a writer can hit a held-out prompt by chance;
 * that must not fail a run, nor reach the data); (3) the finished data are checked once more with
 * {@link #requireDisjoint}, so no code path can write a test prompt. Anyone handed a data file (a search, say) can
 * run the same check.
 */
public final class HeldOutGuard {
    private final Map<String, String> prompts;

    private HeldOutGuard(Map<String, String> prompts) {
        this.prompts = prompts;
    }

    /** @return a guard over every prompt of the suite */
    public static HeldOutGuard of(EvalSuite suite) {
        List<String> all = new ArrayList<>();
        suite.harmful().stream().map(PromptItem::prompt).forEach(all::add);
        suite.stem().stream().map(QaItem::prompt).forEach(all::add);
        suite.bio().stream().map(QaItem::prompt).forEach(all::add);
        suite.benign().stream().map(PromptItem::prompt).forEach(all::add);
        return of(all);
    }

    /** @return a guard over the given prompts */
    public static HeldOutGuard of(Collection<String> evaluationPrompts) {
        Map<String, String> m = new HashMap<>();
        for (String p : evaluationPrompts) {
            m.putIfAbsent(QuestionParser.key(p), p);
        }
        return new HeldOutGuard(m);
    }

    /** @return a guard that holds nothing out */
    public static HeldOutGuard none() {
        return new HeldOutGuard(Map.of());
    }

    /** @return the number of distinct evaluation prompts */
    public int size() {
        return prompts.size();
    }

    /** @return true if the prompt equals an evaluation prompt */
    public boolean isHeldOut(String prompt) {
        return prompts.containsKey(QuestionParser.key(prompt));
    }

    /**
     * Refuses data that contain an evaluation prompt.
     *
     * @param what names the data in the message (e.g. {@code "D_expert in-context examples of tiny-math"})
     * @throws IllegalArgumentException naming the first overlapping prompt and how many overlap
     */
    public void requireDisjoint(Collection<String> dataPrompts, String what) {
        String first = null;
        int n = 0;
        for (String p : dataPrompts) {
            if (isHeldOut(p)) {
                n++;
                first = first == null ? p : first;
            }
        }
        if (n > 0) {
            throw new IllegalArgumentException(what + " contain" + (n == 1 ? "s" : "") + " " + n + " held-out"
                    + " evaluation prompt" + (n == 1 ? "" : "s") + ", e.g. \"" + first + "\"; evaluation prompts must"
                    + " never be merge data");
        }
    }

    /** Refuses merge data that contain an evaluation prompt (see {@link #requireDisjoint(Collection, String)}). */
    public void requireDisjointExamples(List<MergeExample> data, String what) {
        requireDisjoint(data.stream().map(MergeExample::prompt).toList(), what);
    }
}
