package org.safemerge.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.Recipe;
import org.safemerge.progress.Progress;
import tech.tablesaw.api.Table;

/**
 * The bookkeeping every search shares: evaluates candidates through the objective (and the evaluator, if any),
 * numbers them, keeps the best one's merged weights (and only those), and reports progress: one bar per search,
 * evaluations as units, the best objective so far as its message.
 */
final class SearchTracker implements AutoCloseable {
    private final String strategy;
    private final Objective objective;
    private final CandidateEvaluator evaluator;
    private final Selection selection;
    private final Progress progress;
    private final List<Candidate> candidates = new ArrayList<>();
    private int best = -1;
    private TensorSet bestWeights;
    private double bestObjective = Double.POSITIVE_INFINITY;

    /**
     * @param total the number of evaluations expected (for the bar), -1 if unknown
     * @throws IllegalArgumentException if selecting by accuracy without an evaluator
     */
    SearchTracker(String strategy, Objective objective, CandidateEvaluator evaluator, Selection selection, long total) {
        if (selection == Selection.ACCURACY && evaluator == null) {
            throw new IllegalArgumentException("selecting the best candidate by domain accuracy needs a"
                    + " CandidateEvaluator; without one, select by objective");
        }
        this.strategy = strategy;
        this.objective = objective;
        this.evaluator = evaluator;
        this.selection = selection;
        this.progress = Progress.start(strategy, total, "evals");
    }

    /** Merges, scores and (if there is an evaluator) measures a candidate; records it. */
    Candidate evaluate(String label, Map<String, Object> parameters, Recipe recipe) {
        TensorSet merged = objective.merge(recipe);
        ObjectiveScore score = objective.score(merged);
        CandidateMetrics metrics = evaluator == null ? null : evaluator.evaluate(objective.model());
        Candidate c = new Candidate(candidates.size() + 1, label, parameters, recipe, score, metrics);
        candidates.add(c);
        if (best < 0 || better(c, candidates.get(best))) {
            best = candidates.size() - 1;
            bestWeights = merged;
        }
        if (score.value() < bestObjective) {
            bestObjective = score.value();
        }
        progress.step();
        progress.message(String.format(Locale.ROOT, "best objective %.4f", bestObjective));
        return c;
    }

    private boolean better(Candidate c, Candidate incumbent) {
        double v = finite(c.score().value());
        double w = finite(incumbent.score().value());
        if (selection == Selection.ACCURACY) {
            double a = c.domainAccuracy();
            double b = incumbent.domainAccuracy();
            if (a != b) {
                return a > b;
            }
        }
        return v < w;
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /** @return the candidates so far */
    List<Candidate> candidates() {
        return candidates;
    }

    /** @return the best objective so far (+infinity before any evaluation) */
    double bestObjective() {
        return bestObjective;
    }

    /** Reports one unit of work done outside candidate evaluations (e.g. a training step). */
    void step(String message) {
        progress.step();
        progress.message(message);
    }

    /**
     * @param bestOverride the index (0-based) to report as the result instead of the selected one (AdaMerging's
     *                     answer is its final coefficients), or -1
     */
    SearchResult finish(String description, int bestOverride, Map<String, Table> logs, Map<String, Chart<?, ?>> charts) {
        if (candidates.isEmpty()) {
            throw new IllegalStateException(strategy + " evaluated no candidate");
        }
        int b = best;
        TensorSet weights = bestWeights;
        if (bestOverride >= 0 && bestOverride != best) {
            b = bestOverride;
            weights = objective.merge(candidates.get(b).recipe());
        }
        return new SearchResult(strategy, description, objective.options().mix(), selection, candidates, b, weights,
                logs, charts);
    }

    @Override
    public void close() {
        progress.close();
    }
}
