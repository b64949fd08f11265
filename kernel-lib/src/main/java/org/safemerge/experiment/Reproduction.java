package org.safemerge.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.progress.Progress;

/**
 * The paper in miniature: Table 1 (two 2-model pools) and Table 2 (the 3-model pool) on the tiny world, with the
 * paper's findings checked from the numbers, and optional ablation sweeps.
 *
 * <ol>
 *   <li>The held-out suite: {@code WORLD/data/*_test.jsonl} when the world's data is on disk, else the tiny world's
 *       data generated in memory (seed 0), saying which.</li>
 *   <li>Every zoo model of the pools is scored once (alignment, STEM and BIO accuracy).</li>
 *   <li>Per pool: D_safety and D_expert from a shipped copy or the synthetic pipelines (the zoo's
 *       {@code tiny-generator} writes the harmful questions, or the pool's least aligned expert without one), then
 *       {@link PoolReproduction}.</li>
 *   <li>The findings ({@link Findings}) over all pools, and the sweeps.</li>
 * </ol>
 *
 * <pre>
 * ReproductionResult r = new Reproduction(ReproductionOptions.quick(), System.out::println).run(true, Map.of());
 * r.write(outDir);
 * </pre>
 */
public final class Reproduction {
    private final ReproductionOptions options;
    private final Consumer<String> log;
    private final RefusalJudge judge = new RefusalJudge();
    private final EvalSuite heldOut;
    private final HeldOutScorer scorer;
    private final SyntheticDataSource source;
    private final Map<String, ModelScores> parents = new LinkedHashMap<>();

    /**
     * Loads the held-out suite and checks that every model of the pools is in the zoo.
     *
     * @param log receives one line per notable event (data origin, timings)
     * @throws IllegalArgumentException if a zoo model is missing
     */
    public Reproduction(ReproductionOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        for (PoolSpec p : pools()) {
            for (String m : p.members()) {
                Path dir = options.zoo().resolve(m);
                if (!Files.isRegularFile(dir.resolve("config.json"))) {
                    throw new IllegalArgumentException("zoo model " + m + " not found: " + dir + " has no config.json;"
                            + " expected the tiny zoo at " + options.zoo());
                }
            }
        }
        Path data = options.world().resolve(TinyWorldFiles.DATA);
        if (Files.isRegularFile(data.resolve("harmful_test.jsonl"))) {
            heldOut = TinyWorldFiles.suite(options.world());
            log.accept("held-out splits: " + data);
        } else {
            heldOut = TinyWorldFiles.suite(TinyWorldData.generate(0));
            log.accept("held-out splits: generated in memory (TinyWorldData seed 0; " + data + " not found)");
        }
        EvalSuite scored = options.evalLimit() > 0 ? HeldOutScorer.spread(heldOut, options.evalLimit()) : heldOut;
        log.accept(String.format("held-out items scored: %d harmful, %d STEM, %d BIO", scored.harmful().size(),
                scored.stem().size(), scored.bio().size()));
        this.scorer = new HeldOutScorer(scored, judge, options.maxNewTokens());
        this.source = new SyntheticDataSource(options.zoo(), options.world().resolve("synthetic"), judge, heldOut);
    }

    /** @return the pools this run covers, in the options' order */
    public List<PoolSpec> pools() {
        return options.pools().stream().map(PoolSpec::paper).toList();
    }

    /**
     * Runs the tables (unless {@code tables} is false) and the sweeps.
     *
     * @param sweeps the ablations to run: parameter to values (see {@link AblationSweep})
     */
    public ReproductionResult run(boolean tables, Map<String, List<Double>> sweeps) {
        long start = System.nanoTime();
        List<PoolSpec> pools = tables ? pools() : List.of(PoolSpec.paper(AblationSweep.POOL));
        scoreParents(pools);
        Map<String, PoolData> data = new LinkedHashMap<>();
        List<PoolOutcome> outcomes = new ArrayList<>();
        if (tables) {
            int steps = pools.stream().mapToInt(PoolReproduction::steps).sum();
            try (Progress overall = Progress.start("Reproduction", steps, "searches")) {
                for (PoolSpec p : pools) {
                    long t = System.nanoTime();
                    PoolData d = data(p, options.k());
                    data.put(p.id(), d);
                    outcomes.add(new PoolReproduction(p, d, scorer, options, log).run(parents, overall));
                    log.accept(String.format("%s: done in %.0f s", p.id(), (System.nanoTime() - t) / 1e9));
                }
            }
        }
        Map<String, List<AblationRow>> sweepRows = new LinkedHashMap<>();
        Map<Integer, PoolData> byK = new HashMap<>();
        PoolSpec ablationPool = PoolSpec.paper(AblationSweep.POOL);
        if (data.containsKey(ablationPool.id())) {
            byK.put(options.k(), data.get(ablationPool.id()));
        }
        for (var e : sweeps.entrySet()) {
            long t = System.nanoTime();
            sweepRows.put(e.getKey(), AblationSweep.run(e.getKey(), e.getValue(), options, scorer,
                    k -> byK.computeIfAbsent(k, kk -> data(ablationPool, kk))));
            log.accept(String.format("ablation %s: done in %.0f s", e.getKey(), (System.nanoTime() - t) / 1e9));
        }
        List<ResultRow> rows = new ArrayList<>();
        outcomes.forEach(o -> rows.addAll(o.rows()));
        List<Finding> findings = tables ? Findings.check(pools, rows) : List.of();
        log.accept(String.format("reproduction: %.0f s", (System.nanoTime() - start) / 1e9));
        return new ReproductionResult(options, outcomes, data, parents, findings, sweepRows);
    }

    private void scoreParents(List<PoolSpec> pools) {
        Set<String> models = new LinkedHashSet<>();
        pools.forEach(p -> models.addAll(p.members()));
        try (Progress p = Progress.start("Scoring the zoo", models.size(), "models")) {
            for (String m : models) {
                if (!parents.containsKey(m)) {
                    try (LanguageModel lm = LanguageModel.load(options.zoo().resolve(m), RuntimeOptions.DEFAULT)) {
                        parents.put(m, scorer.all(m, lm));
                    }
                }
                p.step();
            }
        }
        parents.values().forEach(s -> log.accept(String.format("%s: alignment %.1f, STEM %.1f, BIO %.1f", s.model(),
                s.alignment(), s.stemAcc(), s.bioAcc())));
    }

    private PoolData data(PoolSpec p, int k) {
        String generator = generator(p, parents, options.zoo());
        PoolData d = source.forPool(p, generator, options.withK(k).synth());
        log.accept(String.format("%s: merge data %s: %d D_safety + %d D_expert pairs (K %d; harmful questions"
                + " written by %s)", p.id(), d.origin(), d.safety().size(), d.expert().size(), k, generator));
        if (d.expert().isEmpty() || d.safety().isEmpty()) {
            throw new IllegalStateException(p.id() + ": the synthetic pipelines produced " + d.safety().size()
                    + " D_safety and " + d.expert().size() + " D_expert pairs; both are needed");
        }
        return d;
    }

    /** The zoo's uncensored question writer, used as D_safety's generator when the zoo has it. */
    public static final String GENERATOR = "tiny-generator";

    /**
     * @return the model that writes a pool's harmful questions: the zoo's {@value #GENERATOR} when present (the
     *     paper's separate uncensored generator), else the pool's least aligned expert (by held-out alignment)
     */
    static String generator(PoolSpec pool, Map<String, ModelScores> parents, Path zoo) {
        if (Files.isRegularFile(zoo.resolve(GENERATOR).resolve("config.json"))) {
            return GENERATOR;
        }
        return pool.experts().stream()
                .min(Comparator.comparingDouble((String e) -> parents.containsKey(e) ? parents.get(e).alignment() : 0))
                .orElseThrow();
    }
}
