package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.safemerge.eval.ModelScores;
import org.safemerge.merge.Recipe;
import org.safemerge.progress.Progress;
import org.safemerge.search.CandidateMetrics;
import org.safemerge.search.DataMix;
import org.safemerge.search.EvoMM;
import org.safemerge.search.GridSearch;
import org.safemerge.search.LmCocktail;
import org.safemerge.search.MergePool;
import org.safemerge.search.Objective;
import org.safemerge.search.ObjectiveOptions;
import org.safemerge.search.SearchResult;
import org.safemerge.search.Selection;
import tech.tablesaw.api.Table;

/**
 * Runs the paper's comparison on one pool: the parents' rows; for each merge method (TIES, DARE-TIES, and SLERP on
 * two-model pools) a grid search picked by domain accuracy (the paper's rule) and EvoMM on D_expert and on
 * D_expert + D_safety (picked by objective); LM-Cocktail on both data mixes. Every selected merge is scored on the
 * held-out alignment and domain sets; grid points are scored on the domain sets only (what the selection needs).
 */
public final class PoolReproduction {
    private final PoolSpec pool;
    private final PoolData data;
    private final HeldOutScorer scorer;
    private final ReproductionOptions options;
    private final Consumer<String> log;
    private final List<ResultRow> rows = new ArrayList<>();
    private final Map<String, Recipe> recipes = new LinkedHashMap<>();
    private final Map<String, double[]> objectives = new LinkedHashMap<>();
    private final Map<String, Table> searches = new LinkedHashMap<>();

    /**
     * @param data   the pool's synthetic merge data
     * @param scorer scores merged models on the held-out splits
     * @param log    receives one line per search (its selected merge's scores and its time)
     */
    public PoolReproduction(PoolSpec pool, PoolData data, HeldOutScorer scorer, ReproductionOptions options,
                            Consumer<String> log) {
        this.pool = pool;
        this.data = data;
        this.scorer = scorer;
        this.options = options;
        this.log = log;
    }

    /** @return the number of steps {@link #run} reports to its progress bar */
    public static int steps(PoolSpec pool) {
        return pool.methods().size() * 3 + 2;
    }

    /**
     * @param parents every zoo model's held-out scores (by name), measured once
     * @param overall the run's progress bar, stepped once per search
     */
    public PoolOutcome run(Map<String, ModelScores> parents, Progress overall) {
        for (String m : pool.members()) {
            ModelScores s = parents.get(m);
            rows.add(ResultRow.parent(pool.id(), m, s.alignment(), HeldOutScorer.domainAccuracy(s, pool)));
        }
        ObjectiveOptions base = ObjectiveOptions.defaults().withAlpha(options.alpha()).withSeed(options.seed());
        for (String method : pool.methods()) {
            MergePool mp = MergePool.load(MergeTemplates.of(pool, method, options.zoo(), options.genome()));
            try (Objective expert = Objective.create(mp, data.all(), base.withMix(DataMix.EXPERT));
                 Objective both = Objective.create(mp, data.all(), base.withMix(DataMix.EXPERT_AND_SAFETY))) {
                overall.message(pool.id() + ": " + method + " grid");
                record(method, "grid", "-", expert, o -> GridSearch.run(o,
                        MergeTemplates.grid(mp.template(), options.smallGrid()), Selection.ACCURACY,
                        scorer.domainOnly(pool)));
                overall.step();
                EvoMM.Options evo = EvoMM.Options.defaults().withBudget(options.budget()).withSeed(options.seed())
                        .withLayerGranularity(options.layerGranularity());
                overall.message(pool.id() + ": " + method + " EvoMM on D_expert");
                record(method, "evomm", "expert", expert, o -> EvoMM.run(o, evo, null));
                overall.step();
                overall.message(pool.id() + ": " + method + " EvoMM on D_expert + D_safety");
                record(method, "evomm", "expert+safety", both, o -> EvoMM.run(o, evo, null));
                overall.step();
                if (method.equals("ties")) {
                    // LM-Cocktail mixes the pool's members; any template over the pool serves
                    overall.message(pool.id() + ": LM-Cocktail");
                    record("linear", "lm-cocktail", "expert", expert,
                            o -> LmCocktail.run(o, LmCocktail.PAPER_TEMPERATURE, null));
                    overall.step();
                    record("linear", "lm-cocktail", "expert+safety", both,
                            o -> LmCocktail.run(o, LmCocktail.PAPER_TEMPERATURE, null));
                    overall.step();
                }
            }
        }
        return new PoolOutcome(pool, rows, recipes, objectives, searches);
    }

    /** Runs one search, scores its selected merge on the held-out splits and records the row and artefacts. */
    private void record(String method, String weighting, String dataLabel, Objective objective,
                        Function<Objective, SearchResult> search) {
        long start = System.nanoTime();
        SearchResult r = search.apply(objective);
        objective.model().setWeights(r.bestWeights());
        String stem = method + "-" + weighting + (dataLabel.equals("-") ? "" : "-" + dataLabel);
        CandidateMetrics m = scorer.score(pool.id() + " " + stem, objective.model(), pool);
        rows.add(new ResultRow(pool.id(), method, weighting, dataLabel, m.alignment(), m.domainAccuracy()));
        log.accept(String.format(Locale.ROOT, "%s %s: %d candidate%s, best %s: alignment %.1f, domain acc %.1f (%.0f s)",
                pool.id(), stem, r.candidates().size(), r.candidates().size() == 1 ? "" : "s",
                weighting.equals("evomm") ? "#" + r.best().index() : r.best().label(),
                m.alignment(), m.domainAccuracy(), (System.nanoTime() - start) / 1e9));
        recipes.put(stem, r.bestRecipe());
        searches.put(stem, r.table());
        if (weighting.equals("evomm")) {
            objectives.put(stem, r.objectives());
        }
    }
}
