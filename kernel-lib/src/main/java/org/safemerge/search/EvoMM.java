package org.safemerge.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * EvoMM, evolutionary model merging (Akiba et al. 2024, arXiv 2403.13187; mergekit-evolve): CMA-ES over a
 * {@link Genome} of per-layer-group merge parameters, each candidate merged in memory and scored with the
 * {@link Objective} (the fitness, minimised). The paper runs it on D_expert only (the baseline) and on D_expert and
 * D_safety (its method).
 *
 * <p>Defaults as the paper: start weight 1/n and density 1, sigma0 = 1/6, population 4 + floor(3 ln n_genes), a
 * budget of 100 merged-model evaluations (the start point is the first), per-layer groups.
 *
 * <p>Candidates run one after another: they share one {@link org.safemerge.model.LanguageModel} (its weights are
 * swapped per candidate and it is not thread-safe), and on a CPU the forward pass already uses every core.
 *
 * <pre>
 * SearchResult r = EvoMM.run(objective, EvoMM.Options.defaults().withBudget(100).withSeed(1), null);
 * Files.writeString(Path.of("best.yml"),                 // safemerge merge best.yml --out ...
 *         r.bestRecipe().withAbsoluteModelPaths().toYaml());
 * </pre>
 */
public final class EvoMM {
    private EvoMM() {
    }

    /**
     * How EvoMM searches.
     *
     * @param budget           merged-model evaluations, the start point included (default 100)
     * @param layerGranularity layers per group (default 1: per layer; 0: one group)
     * @param sigma0           CMA-ES initial step size (default 1/6)
     * @param population       offspring per generation, or 0 for 4 + floor(3 ln n_genes) (default 0)
     * @param seed             seeds CMA-ES' draws (default 0)
     * @param selection        how the result is picked among all evaluations (default: lowest objective)
     */
    public record Options(int budget, int layerGranularity, double sigma0, int population, long seed,
                          Selection selection) {
        public Options {
            if (budget < 1) {
                throw new IllegalArgumentException("the EvoMM budget must be at least 1 evaluation, got " + budget);
            }
            if (population == 1 || population < 0) {
                throw new IllegalArgumentException("the population must be 0 (automatic) or at least 2, got "
                        + population);
            }
            if (selection == null) {
                throw new IllegalArgumentException("the selection must be set");
            }
        }

        /** @return the paper's settings: 100 evaluations, per layer, sigma0 1/6, automatic population, seed 0 */
        public static Options defaults() {
            return new Options(100, 1, 1.0 / 6, 0, 0, Selection.OBJECTIVE);
        }

        public Options withBudget(int b) {
            return new Options(b, layerGranularity, sigma0, population, seed, selection);
        }

        public Options withLayerGranularity(int g) {
            return new Options(budget, g, sigma0, population, seed, selection);
        }

        public Options withSigma0(double s) {
            return new Options(budget, layerGranularity, s, population, seed, selection);
        }

        public Options withPopulation(int p) {
            return new Options(budget, layerGranularity, sigma0, p, seed, selection);
        }

        public Options withSeed(long s) {
            return new Options(budget, layerGranularity, sigma0, population, s, selection);
        }

        public Options withSelection(Selection s) {
            return new Options(budget, layerGranularity, sigma0, population, seed, s);
        }
    }

    /**
     * Runs the search.
     *
     * @param evaluator measures every candidate (may be null)
     * @return every evaluation as a candidate, the best by the options' selection, and the log {@code genes}
     *     (evaluation, generation, objective, then every decoded gene)
     */
    public static SearchResult run(Objective objective, Options options, CandidateEvaluator evaluator) {
        Genome genome = Genome.of(objective.pool(), options.layerGranularity());
        int population = options.population() > 0 ? options.population() : CmaEs.defaultPopulation(genome.size());
        try (SearchTracker tracker = new SearchTracker("evomm", objective, evaluator, options.selection(),
                options.budget())) {
            List<CmaEs.Evaluation> log = CmaEs.minimize(
                    x -> tracker.evaluate(genome.label(x), genome.parameters(x), genome.toRecipe(x)).score().value(),
                    genome.start(), options.sigma0(), population, options.budget(), options.seed());
            String description = String.format(Locale.ROOT, "EvoMM (CMA-ES) over %s, population %d, sigma0 %s, "
                            + "%d evaluations, seed %d; objective %s", genome, population,
                    RecipeEdits.number(options.sigma0()), log.size(), options.seed(), objective.describe());
            return tracker.finish(description, -1, Map.of("genes", genes(genome, log, population)), Map.of());
        }
    }

    /** @return one row per evaluation: its number, generation (0 = the start point), objective and decoded genes */
    static Table genes(Genome genome, List<CmaEs.Evaluation> log, int population) {
        IntColumn evaluation = IntColumn.create("evaluation");
        IntColumn generation = IntColumn.create("generation");
        DoubleColumn objective = DoubleColumn.create("objective");
        DoubleColumn[] genes = new DoubleColumn[genome.size()];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = DoubleColumn.create(genome.geneName(i));
        }
        for (CmaEs.Evaluation e : log) {
            evaluation.append(e.index());
            generation.append(e.index() == 1 ? 0 : 1 + (e.index() - 2) / population);
            objective.append(e.value());
            double[] d = genome.decode(e.x());
            for (int i = 0; i < genes.length; i++) {
                genes[i].append(d[i]);
            }
        }
        Table t = Table.create("EvoMM evaluations", evaluation, generation, objective);
        t.addColumns(genes);
        return t;
    }
}
