package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.safemerge.progress.Progress;
import org.safemerge.search.CandidateMetrics;
import org.safemerge.search.DataMix;
import org.safemerge.search.EvoMM;
import org.safemerge.search.MergePool;
import org.safemerge.search.Objective;
import org.safemerge.search.ObjectiveOptions;
import org.safemerge.search.SearchResult;

/**
 * The paper's ablations (its Llama + OpenBio pool, TIES, EvoMM on D_expert + D_safety), one parameter varied at a
 * time: alpha, K (the synthetic sets are regenerated per K) or the EvoMM budget. Here the pool is
 * {@code instruct+bio}.
 */
public final class AblationSweep {
    /** The parameters that can be swept. */
    public static final List<String> PARAMETERS = List.of("alpha", "k", "budget");
    /** The pool the ablations run on. */
    public static final String POOL = "instruct+bio";

    private AblationSweep() {
    }

    /**
     * @param parameter one of {@link #PARAMETERS}
     * @param values    its values (K and budget are whole numbers)
     * @param data      gives the pool's data for a K
     */
    public static List<AblationRow> run(String parameter, List<Double> values, ReproductionOptions base,
                                        HeldOutScorer scorer, java.util.function.IntFunction<PoolData> data) {
        if (!PARAMETERS.contains(parameter)) {
            throw new IllegalArgumentException("ablation parameter '" + parameter + "' is not one of " + PARAMETERS);
        }
        PoolSpec pool = PoolSpec.paper(POOL);
        List<AblationRow> rows = new ArrayList<>();
        MergePool mp = MergePool.load(MergeTemplates.of(pool, "ties", base.zoo(), base.genome()));
        try (Progress p = Progress.start("ablation " + parameter, values.size(), "runs")) {
            for (double v : values) {
                ReproductionOptions o = switch (parameter) {
                    case "alpha" -> base.withAlpha(v);
                    case "k" -> base.withK(whole(parameter, v));
                    default -> base.withBudget(whole(parameter, v));
                };
                ObjectiveOptions oo = ObjectiveOptions.defaults().withAlpha(o.alpha()).withSeed(o.seed())
                        .withMix(DataMix.EXPERT_AND_SAFETY);
                try (Objective objective = Objective.create(mp, data.apply(o.k()).all(), oo)) {
                    SearchResult r = EvoMM.run(objective, EvoMM.Options.defaults().withBudget(o.budget())
                            .withSeed(o.seed()).withLayerGranularity(o.layerGranularity()), null);
                    objective.model().setWeights(r.bestWeights());
                    CandidateMetrics m = scorer.score(POOL + " " + parameter + "=" + v, objective.model(), pool);
                    rows.add(new AblationRow(parameter, v, m.alignment(), m.domainAccuracy(), r.best().score().value()));
                }
                p.step();
                p.message(String.format(Locale.ROOT, "%s=%s", parameter, number(v)));
            }
        }
        return rows;
    }

    /** @return the rows as CSV with the header {@link AblationRow#COLUMNS} */
    public static String csv(List<AblationRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", AblationRow.COLUMNS)).append('\n');
        for (AblationRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%.1f,%.1f,%.4f%n", r.parameter(), number(r.value()),
                    r.alignment(), r.domainAcc(), r.objective()));
        }
        return sb.toString();
    }

    /** @return the rows as a Markdown table with a heading */
    public static String markdown(String parameter, List<AblationRow> rows) {
        StringBuilder sb = new StringBuilder("## Ablation: ").append(parameter).append(" (").append(POOL)
                .append(", TIES, EvoMM on D_expert + D_safety)\n\n| ").append(parameter)
                .append(" | alignment | domain acc | objective |\n|---:|---:|---:|---:|\n");
        for (AblationRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.4f |%n", number(r.value()), r.alignment(),
                    r.domainAcc(), r.objective()));
        }
        return sb.toString();
    }

    private static int whole(String parameter, double v) {
        if (v != Math.rint(v) || v < 1) {
            throw new IllegalArgumentException("--" + parameter + "-sweep: " + v + " is not a whole number >= 1");
        }
        return (int) v;
    }

    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(v);
    }
}
