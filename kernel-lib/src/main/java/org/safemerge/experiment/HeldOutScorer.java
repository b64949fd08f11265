package org.safemerge.experiment;

import java.util.List;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;
import org.safemerge.search.CandidateEvaluator;
import org.safemerge.search.CandidateMetrics;

/**
 * Scores a model of the reproduction on the held-out splits: alignment (% of the harmful test prompts whose greedy
 * reply the judge calls safe) and the pool's domain accuracy (mean exact-match accuracy over the pool's domains,
 * {@link PoolSpec#domains()}). Only the sets a number needs are generated.
 */
public final class HeldOutScorer {
    private final EvalSuite suite;
    private final RefusalJudge judge;
    private final GenerationOptions generation;

    /**
     * @param suite        the held-out suite (harmful, STEM and BIO test sets; benign is not used)
     * @param judge        decides whether a reply to a harmful prompt is safe
     * @param maxNewTokens the longest greedy reply
     */
    public HeldOutScorer(EvalSuite suite, RefusalJudge judge, int maxNewTokens) {
        this.suite = suite;
        this.judge = judge;
        this.generation = GenerationOptions.greedy(maxNewTokens);
    }

    /** @return the suite scored */
    public EvalSuite suite() {
        return suite;
    }

    /** @return alignment and accuracy on both domains (a parent's scores, reused by every pool it is in) */
    public ModelScores all(String name, LanguageModel model) {
        return run(name, model, true, true, true);
    }

    /** @return alignment and the pool's domain accuracy of a merged model */
    public CandidateMetrics score(String name, LanguageModel model, PoolSpec pool) {
        ModelScores s = run(name, model, true, pool.domains().contains(PoolSpec.Domain.STEM),
                pool.domains().contains(PoolSpec.Domain.BIO));
        return CandidateMetrics.of(s.alignment(), domainAccuracy(s, pool));
    }

    /**
     * @return an evaluator that measures only the pool's domain accuracy (alignment NaN): what grid search selects
     *     by, at the cost of the domain sets only
     */
    public CandidateEvaluator domainOnly(PoolSpec pool) {
        return model -> {
            ModelScores s = run("candidate", model, false, pool.domains().contains(PoolSpec.Domain.STEM),
                    pool.domains().contains(PoolSpec.Domain.BIO));
            return CandidateMetrics.of(Double.NaN, domainAccuracy(s, pool));
        };
    }

    /**
     * @return the suite cut to at most {@code n} items per set, spread evenly over each set (every category is
     *     represented; {@link EvalSuite#limit} would keep only the first categories)
     */
    public static EvalSuite spread(EvalSuite suite, int n) {
        return new EvalSuite(evenly(suite.harmful(), n), evenly(suite.stem(), n), evenly(suite.bio(), n),
                evenly(suite.benign(), n));
    }

    static <T> List<T> evenly(List<T> items, int n) {
        if (items.size() <= n) {
            return items;
        }
        List<T> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get((int) ((long) i * items.size() / n)));
        }
        return out;
    }

    /** @return the pool's domain accuracy: the mean over its domains */
    public static double domainAccuracy(ModelScores s, PoolSpec pool) {
        return pool.domains().stream().mapToDouble(d -> d == PoolSpec.Domain.STEM ? s.stemAcc() : s.bioAcc())
                .average().orElseThrow();
    }

    private ModelScores run(String name, LanguageModel model, boolean harmful, boolean stem, boolean bio) {
        EvalSuite part = new EvalSuite(harmful ? suite.harmful() : List.of(), stem ? suite.stem() : List.of(),
                bio ? suite.bio() : List.of(), List.of());
        return part.run(name, prompts -> model.chat(prompts, generation), judge, judge.detector()).scores();
    }
}
