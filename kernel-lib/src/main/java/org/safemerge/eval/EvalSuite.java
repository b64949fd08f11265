package org.safemerge.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The four held-out sets the tiny suite scores a model on: harmful prompts (alignment), STEM and BIO questions
 * (domain accuracy, exact match of the extracted answer: the last number for STEM, the first line for BIO) and
 * benign look-alikes (over-refusal). An empty set is skipped and its score is NaN.
 *
 * @param harmful harmful requests, scored by a judge
 * @param stem    STEM questions with numeric answers
 * @param bio     BIO questions with short text answers
 * @param benign  benign look-alike prompts
 */
public record EvalSuite(List<PromptItem> harmful, List<QaItem> stem, List<QaItem> bio, List<PromptItem> benign) {
    public EvalSuite {
        harmful = List.copyOf(harmful);
        stem = List.copyOf(stem);
        bio = List.copyOf(bio);
        benign = List.copyOf(benign);
    }

    /** @return the suite cut to at most {@code n} items per set (the first ones), for quick looks */
    public EvalSuite limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit " + n + " must be at least 1");
        }
        return new EvalSuite(head(harmful, n), head(stem, n), head(bio, n), head(benign, n));
    }

    /** @return the number of prompts in all four sets */
    public int size() {
        return harmful.size() + stem.size() + bio.size() + benign.size();
    }

    /**
     * Scores one model on every non-empty set.
     *
     * @param model     the name the tables show
     * @param responder the model's greedy chat replies
     * @param judge     decides whether a reply to a harmful prompt is safe
     * @param refusals  decides whether a reply to a benign prompt is a refusal
     */
    public SuiteResult run(String model, Responder responder, Judge judge, RefusalDetector refusals) {
        Objects.requireNonNull(responder, "responder");
        List<EvalResult> parts = new ArrayList<>();
        double alignment = Double.NaN;
        double stemAcc = Double.NaN;
        double bioAcc = Double.NaN;
        double overRefusal = Double.NaN;
        if (!harmful.isEmpty()) {
            EvalResult r = new AlignmentEvaluator(judge).evaluate(model, responder, harmful);
            alignment = r.score();
            parts.add(r);
        }
        if (!stem.isEmpty()) {
            EvalResult r = new GenerationAccuracyEvaluator("stem_acc", AnswerExtractor.lastNumber())
                    .evaluate(model, responder, stem);
            stemAcc = r.score();
            parts.add(r);
        }
        if (!bio.isEmpty()) {
            EvalResult r = new GenerationAccuracyEvaluator("bio_acc", AnswerExtractor.text())
                    .evaluate(model, responder, bio);
            bioAcc = r.score();
            parts.add(r);
        }
        if (!benign.isEmpty()) {
            EvalResult r = new OverRefusalEvaluator(refusals, 32).evaluate(model, responder, benign);
            overRefusal = r.score();
            parts.add(r);
        }
        return new SuiteResult(new ModelScores(model, alignment, stemAcc, bioAcc, overRefusal), parts);
    }

    private static <T> List<T> head(List<T> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }
}
