/**
 * Data-aware merging: searches over merge recipes scored by the paper's objective on merge data.
 *
 * <ul>
 *   <li>{@link org.safemerge.search.MergePool}: the models of a template recipe, loaded once and reused for every
 *       candidate; {@link org.safemerge.search.Objective}: L_merge = L_safety + alpha * L_expert (or the D_expert-only
 *       baseline), each the mean answer-token cross-entropy of the in-memory merge, with
 *       {@link org.safemerge.search.ObjectiveOptions} and {@link org.safemerge.search.DataMix}.</li>
 *   <li>Strategies, each returning a {@link org.safemerge.search.SearchResult}:
 *       {@link org.safemerge.search.GridSearch} over a {@link org.safemerge.search.Grid} (the paper's grids for TIES,
 *       DARE-TIES and SLERP), {@link org.safemerge.search.LmCocktail}, {@link org.safemerge.search.EvoMM} (CMA-ES
 *       over a {@link org.safemerge.search.Genome}) and {@link org.safemerge.search.AdaMerging}.</li>
 *   <li>{@link org.safemerge.search.CandidateEvaluator}: the plug point for alignment and domain-accuracy
 *       evaluators; a search given one records its {@link org.safemerge.search.CandidateMetrics} per candidate and
 *       can select by accuracy ({@link org.safemerge.search.Selection}).
 *       {@link org.safemerge.search.SuiteEvaluator} measures alignment and domain accuracy on a held-out
 *       {@link org.safemerge.eval.EvalSuite}.</li>
 * </ul>
 *
 * <pre>
 * MergePool pool = MergePool.load(Recipe.load(Path.of("pool.yml")));       // models:, base_model, merge_method
 * List&lt;MergeExample&gt; data = MergeData.read(Path.of("data.jsonl"));
 * try (Objective objective = Objective.create(pool, data, ObjectiveOptions.defaults())) {
 *     SearchResult grid = GridSearch.run(objective, Grid.paper(pool.template()), Selection.OBJECTIVE, null);
 *     SearchResult evo = EvoMM.run(objective, EvoMM.Options.defaults().withSeed(1), null);
 *     evo.save(Path.of("out/evomm"));          // candidates.csv, objective.png, best-recipe.yml, genes.csv
 * }
 * </pre>
 *
 * <p><b>Threads.</b> An objective owns one model whose weights are swapped per candidate, so candidates are
 * evaluated one at a time (the merge itself and the forward pass each use every core). EvoMM therefore evaluates a
 * generation sequentially rather than in parallel: parallel candidates would need one model per thread (memory
 * times the population) and would compete for the same cores.
 *
 * <p><b>CMA-ES implementation.</b> EvoMM runs Hipparchus' {@code CMAESOptimizer} ({@code org.hipparchus:
 * hipparchus-optim}, Apache-2.0, 4.0.2 released September 2025): the maintained fork of Apache Commons Math, with
 * the same CMA-ES (Hansen's purecmaes: weighted recombination, cumulative step-size adaptation, rank-one and
 * rank-mu covariance updates, active CMA) and everything the paper's runs need: an unbounded start point, one
 * sigma0 per coordinate, a chosen population size, a budget of function evaluations ({@code MaxEval}; the
 * optimiser stops cleanly at it, the start point counted) and a seeded generator. The alternatives evaluated:
 * commons-math3 3.6.1 (the same algorithm, already on the class path, but unmaintained since 2016);
 * commons-math4-legacy 4.0-beta1 (a 2022 beta of a module kept only for compatibility); MOEA Framework (maintained,
 * but aimed at multi-objective search, LGPL, seeded through a global static generator that concurrent searches
 * would share). No CMA-ES was written here. The optimiser asks for one point at a time (no ask-and-tell), which is
 * what sequential evaluation needs anyway.
 */
package org.safemerge.search;
