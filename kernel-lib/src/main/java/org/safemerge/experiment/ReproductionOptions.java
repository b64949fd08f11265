package org.safemerge.experiment;

import java.nio.file.Path;
import java.util.List;
import org.safemerge.data.SynthOptions;
import org.safemerge.search.ObjectiveOptions;

/**
 * How the paper in miniature runs.
 *
 * @param world            the tiny world's directory ({@code datasets/tiny-world}: {@code zoo/}, {@code data/},
 *                         {@code synthetic/})
 * @param seed             seeds the synthetic data, CMA-ES and DARE's draws
 * @param k                pairs per synthetic set (D_safety, D_expert)
 * @param budget           EvoMM's merged-model evaluations per run
 * @param alpha            weight of L_expert in L_safety + alpha * L_expert
 * @param evalLimit        held-out items per set (0 = all)
 * @param smallGrid        a 2 x 2 grid for TIES / DARE-TIES and 3 values of t for SLERP instead of the paper's grids
 * @param maxNewTokens     longest greedy reply in the evaluation
 * @param layerGranularity EvoMM's layers per genome group (1 = per layer, as the paper)
 * @param pools            ids of the pools to run ({@link PoolSpec#paper()})
 * @param genome           which pool models get EvoMM genes in TIES and DARE-TIES runs
 */
public record ReproductionOptions(Path world, long seed, int k, int budget, double alpha, int evalLimit,
                                  boolean smallGrid, int maxNewTokens, int layerGranularity, List<String> pools,
                                  GenomeMembers genome) {
    /** Default K of a full run. */
    public static final int DEFAULT_K = 200;
    /** Default EvoMM budget of a full run (the paper's). */
    public static final int DEFAULT_BUDGET = 100;

    public ReproductionOptions {
        pools = List.copyOf(pools);
        if (k < 1) {
            throw new IllegalArgumentException("--k must be at least 1 pair per set, got " + k);
        }
        if (budget < 1) {
            throw new IllegalArgumentException("--budget must be at least 1 evaluation, got " + budget);
        }
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("--alpha must be a finite number >= 0, got " + alpha);
        }
        if (evalLimit < 0) {
            throw new IllegalArgumentException("the evaluation limit must be >= 0 (0 = all), got " + evalLimit);
        }
        pools.forEach(PoolSpec::paper);
        if (genome == null) {
            throw new IllegalArgumentException("the EvoMM genome members must be given (experts or pool)");
        }
    }

    /** @return the full run: K {@value #DEFAULT_K}, budget {@value #DEFAULT_BUDGET}, alpha 0.3, the paper's grids */
    public static ReproductionOptions defaults() {
        return new ReproductionOptions(Path.of(TinyWorldFiles.DEFAULT_DIR), 0, DEFAULT_K, DEFAULT_BUDGET,
                ObjectiveOptions.PAPER_ALPHA, 0, false, 48, 1, PoolSpec.paper().stream().map(PoolSpec::id).toList(),
                GenomeMembers.EXPERTS);
    }

    /** @return the CI run: K 40, budget 10, 40 held-out items per set, small grids */
    public static ReproductionOptions quick() {
        return defaults().withK(40).withBudget(10).withEvalLimit(40).withSmallGrid(true);
    }

    /** @return the synthetic-data options these imply */
    public SynthOptions synth() {
        return SynthOptions.defaults().withK(k).withSeed(seed);
    }

    /** @return the zoo directory */
    public Path zoo() {
        return world.resolve("zoo");
    }

    public ReproductionOptions withWorld(Path w) {
        return new ReproductionOptions(w, seed, k, budget, alpha, evalLimit, smallGrid, maxNewTokens, layerGranularity,
                pools, genome);
    }

    public ReproductionOptions withSeed(long s) {
        return new ReproductionOptions(world, s, k, budget, alpha, evalLimit, smallGrid, maxNewTokens,
                layerGranularity, pools, genome);
    }

    public ReproductionOptions withK(int n) {
        return new ReproductionOptions(world, seed, n, budget, alpha, evalLimit, smallGrid, maxNewTokens,
                layerGranularity, pools, genome);
    }

    public ReproductionOptions withBudget(int b) {
        return new ReproductionOptions(world, seed, k, b, alpha, evalLimit, smallGrid, maxNewTokens, layerGranularity,
                pools, genome);
    }

    public ReproductionOptions withAlpha(double a) {
        return new ReproductionOptions(world, seed, k, budget, a, evalLimit, smallGrid, maxNewTokens, layerGranularity,
                pools, genome);
    }

    public ReproductionOptions withEvalLimit(int n) {
        return new ReproductionOptions(world, seed, k, budget, alpha, n, smallGrid, maxNewTokens, layerGranularity,
                pools, genome);
    }

    public ReproductionOptions withSmallGrid(boolean small) {
        return new ReproductionOptions(world, seed, k, budget, alpha, evalLimit, small, maxNewTokens, layerGranularity,
                pools, genome);
    }

    public ReproductionOptions withGenome(GenomeMembers g) {
        return new ReproductionOptions(world, seed, k, budget, alpha, evalLimit, smallGrid, maxNewTokens,
                layerGranularity, pools, g);
    }

    public ReproductionOptions withPools(List<String> ids) {
        return new ReproductionOptions(world, seed, k, budget, alpha, evalLimit, smallGrid, maxNewTokens,
                layerGranularity, ids, genome);
    }
}
