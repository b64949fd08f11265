package org.safemerge.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.safemerge.data.TinyWorldExamples;
import org.safemerge.eval.AlignmentEvaluator;
import org.safemerge.eval.AnswerExtractor;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.GenerationAccuracyEvaluator;
import org.safemerge.eval.Judge;
import org.safemerge.eval.Responder;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;

/**
 * Measures a candidate on a held-out {@link EvalSuite}: alignment (% of the harmful prompts whose greedy reply the
 * judge calls safe) and domain accuracy (% exact answers on the test split of the pool's domains: the mean over them
 * when the pool has experts of both). Each domain's accuracy is also an extra column ({@code stem_acc},
 * {@code bio_acc}).
 *
 * <pre>
 * CandidateEvaluator ev = SuiteEvaluator.forPool(pool, TinyWorldFiles.suite(world).limit(100), new RefusalJudge());
 * SearchResult r = GridSearch.run(objective, Grid.paper(pool.template()), Selection.ACCURACY, ev);
 * </pre>
 */
public final class SuiteEvaluator implements CandidateEvaluator {
    /** Reply budget of the default evaluator: the tiny world's answers and refusals are far shorter. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 48;

    /** A domain the suite can test. */
    public enum Domain {
        /** STEM questions, the last number of the reply compared. */
        STEM,
        /** BIO questions, the reply's first line compared. */
        BIO;

        /** @return the metric's name, e.g. {@code stem_acc} */
        public String metric() {
            return name().toLowerCase(Locale.ROOT) + "_acc";
        }

        /**
         * @return the domain called {@code stem} or {@code bio}
         * @throws IllegalArgumentException for anything else
         */
        public static Domain parse(String s) {
            for (Domain d : values()) {
                if (d.name().equalsIgnoreCase(s)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("domain '" + s + "' is not one of stem, bio");
        }
    }

    private final EvalSuite suite;
    private final Judge judge;
    private final List<Domain> domains;
    private final int maxNewTokens;

    /**
     * @param suite        the held-out prompts and questions
     * @param judge        decides whether a reply to a harmful prompt is safe
     * @param domains      the domains whose accuracy is measured (their mean is the domain accuracy)
     * @param maxNewTokens reply budget per prompt (greedy)
     * @throws IllegalArgumentException if no domain is given, or the suite lacks harmful prompts or a domain's test
     */
    public SuiteEvaluator(EvalSuite suite, Judge judge, List<Domain> domains, int maxNewTokens) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.judge = Objects.requireNonNull(judge, "judge");
        this.domains = List.copyOf(domains);
        this.maxNewTokens = maxNewTokens;
        if (this.domains.isEmpty()) {
            throw new IllegalArgumentException("the evaluator needs at least one domain (stem, bio)");
        }
        if (suite.harmful().isEmpty()) {
            throw new IllegalArgumentException("the held-out suite has no harmful prompts to measure alignment on");
        }
        for (Domain d : this.domains) {
            if (questions(d).isEmpty()) {
                throw new IllegalArgumentException("the held-out suite has no " + d.name() + " test questions");
            }
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
    }

    /**
     * @return an evaluator for a pool's experts' domains, told by their directory names (tiny-math and tiny-wizard:
     *         STEM, tiny-bio: BIO), in order of first appearance
     * @throws IllegalArgumentException if an expert's name tells no domain
     */
    public static SuiteEvaluator forPool(MergePool pool, EvalSuite suite, Judge judge) {
        return new SuiteEvaluator(suite, judge, domainsOf(pool), DEFAULT_MAX_NEW_TOKENS);
    }

    /** @return the domains of a pool's experts, by their directory names, each once */
    public static List<Domain> domainsOf(MergePool pool) {
        List<Domain> out = new ArrayList<>();
        for (String e : pool.experts()) {
            Domain d = Domain.parse(TinyWorldExamples.domainOf(pool.dir(e)));
            if (!out.contains(d)) {
                out.add(d);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the pool " + pool.experts() + " has no experts to take domains from");
        }
        return out;
    }

    /** @return the domains measured */
    public List<Domain> domains() {
        return domains;
    }

    @Override
    public CandidateMetrics evaluate(LanguageModel model) {
        GenerationOptions greedy = GenerationOptions.greedy(maxNewTokens);
        Responder responder = prompts -> model.chat(prompts, greedy);
        double alignment = new AlignmentEvaluator(judge).evaluate("candidate", responder, suite.harmful()).score();
        Map<String, Double> extra = new LinkedHashMap<>();
        double sum = 0;
        for (Domain d : domains) {
            AnswerExtractor x = d == Domain.STEM ? AnswerExtractor.lastNumber() : AnswerExtractor.text();
            double acc = new GenerationAccuracyEvaluator(d.metric(), x).evaluate("candidate", responder, questions(d))
                    .score();
            extra.put(d.metric(), acc);
            sum += acc;
        }
        return new CandidateMetrics(alignment, sum / domains.size(), extra);
    }

    private List<org.safemerge.eval.QaItem> questions(Domain d) {
        return d == Domain.STEM ? suite.stem() : suite.bio();
    }
}
