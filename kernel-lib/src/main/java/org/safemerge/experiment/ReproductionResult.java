package org.safemerge.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.eval.ModelScores;
import org.safemerge.notebook.Plots;

/**
 * Everything the paper in miniature produced: each pool's outcome, the parents' scores, the data used, the findings
 * and any ablation sweeps. {@link #write} lays it out in a directory.
 *
 * @param options  how it ran
 * @param pools    each pool's outcome, Table 1's pools first
 * @param data     each pool's merge data, by pool id
 * @param parents  every zoo model's held-out scores
 * @param findings PAPER.md's three findings checked on the rows
 * @param sweeps   each ablation's rows, by parameter
 */
public record ReproductionResult(ReproductionOptions options, List<PoolOutcome> pools, Map<String, PoolData> data,
                                 Map<String, ModelScores> parents, List<Finding> findings,
                                 Map<String, List<AblationRow>> sweeps) {
    public ReproductionResult {
        pools = List.copyOf(pools);
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
        parents = Collections.unmodifiableMap(new LinkedHashMap<>(parents));
        findings = List.copyOf(findings);
        sweeps = Collections.unmodifiableMap(new LinkedHashMap<>(sweeps));
    }

    /** @return the rows of the pools of one table (1 or 2) */
    public List<ResultRow> rows(int table) {
        List<ResultRow> out = new ArrayList<>();
        pools.stream().filter(p -> p.pool().table() == table).forEach(p -> out.addAll(p.rows()));
        return out;
    }

    /** @return every row */
    public List<ResultRow> allRows() {
        List<ResultRow> out = new ArrayList<>();
        pools.forEach(p -> out.addAll(p.rows()));
        return out;
    }

    /** @return the pools of one table */
    public List<PoolSpec> poolSpecs(int table) {
        return pools.stream().map(PoolOutcome::pool).filter(p -> p.table() == table).toList();
    }

    /** @return tables.md: Table 1 and Table 2 in the paper's layout, the findings, and any ablations */
    public String markdown() {
        StringBuilder md = new StringBuilder("# The paper in miniature\n\n");
        md.append("\"Model Merging and Safety Alignment: One Bad Model Spoils the Bunch\" (arXiv 2406.14563) on the"
                + " tiny world. Settings: K = ").append(options.k()).append(" synthetic pairs per set, EvoMM budget ")
                .append(options.budget()).append(" evaluations, alpha = ").append(options.alpha()).append(", seed ")
                .append(options.seed()).append(options.smallGrid() ? ", small grids" : ", the paper's grids")
                .append(options.evalLimit() > 0 ? ", held-out sets cut to " + options.evalLimit() + " items each" : "")
                .append(options.genome() == GenomeMembers.POOL ? ", EvoMM genes for every pool model (--genome pool)"
                        : "")
                .append(".\n\n");
        if (!poolSpecs(1).isEmpty()) {
            md.append(PaperTables.markdown("Table 1: two-model pools", poolSpecs(1), rows(1))).append('\n');
        }
        if (!poolSpecs(2).isEmpty()) {
            md.append(PaperTables.markdown("Table 2: three-model pool", poolSpecs(2), rows(2))).append('\n');
        }
        if (!findings.isEmpty()) {
            md.append(Findings.markdown(findings));
        }
        sweeps.forEach((p, rows) -> md.append('\n').append(AblationSweep.markdown(p, rows)));
        return md.toString();
    }

    /**
     * Writes {@code table1.csv}, {@code table2.csv}, {@code tables.md}, {@code alignment-vs-accuracy-POOL.png},
     * {@code evomm-objective-POOL.png}, {@code recipes/POOL/*.yml}, {@code searches/POOL/*.csv} (every search's
     * candidates), {@code data/POOL/} (the merge data, in the shipped layout), {@code parents.csv} and
     * {@code ablation-PARAM.csv} / {@code .md} into {@code dir} (made if missing, as {@code SearchResult.save} does).
     */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!poolSpecs(1).isEmpty()) {
                ResultCsv.write(dir.resolve("table1.csv"), rows(1));
            }
            if (!poolSpecs(2).isEmpty()) {
                ResultCsv.write(dir.resolve("table2.csv"), rows(2));
            }
            Files.writeString(dir.resolve("tables.md"), markdown());
            Files.writeString(dir.resolve("parents.csv"), parentsCsv());
            for (PoolOutcome o : pools) {
                String id = o.pool().id();
                Plots.savePng(ReproductionPlots.alignmentVsAccuracy(o.pool(), o.rows()),
                        dir.resolve("alignment-vs-accuracy-" + id + ".png"));
                if (!o.objectives().isEmpty()) {
                    Plots.savePng(ReproductionPlots.evommObjective(o.pool(), o.objectives()),
                            dir.resolve("evomm-objective-" + id + ".png"));
                }
                Path recipes = Files.createDirectories(dir.resolve("recipes").resolve(id));
                for (var e : o.recipes().entrySet()) {
                    Files.writeString(recipes.resolve(e.getKey() + ".yml"), e.getValue().toYaml());
                }
                Path searches = Files.createDirectories(dir.resolve("searches").resolve(id));
                for (var e : o.searches().entrySet()) {
                    e.getValue().write().csv(searches.resolve(e.getKey() + ".csv").toFile());
                }
                PoolData d = data.get(id);
                if (d != null) {
                    SyntheticDataSource.save(dir.resolve("data").resolve(id), d);
                }
            }
            for (var e : sweeps.entrySet()) {
                Files.writeString(dir.resolve("ablation-" + e.getKey() + ".csv"), AblationSweep.csv(e.getValue()));
                Files.writeString(dir.resolve("ablation-" + e.getKey() + ".md"),
                        AblationSweep.markdown(e.getKey(), e.getValue()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reproduction into " + dir + ": " + e.getMessage(), e);
        }
    }

    private String parentsCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", ModelScores.COLUMNS.subList(0, 4))).append('\n');
        parents.values().forEach(s -> sb.append(String.join(",", s.model(), ResultCsv.percent(s.alignment()),
                ResultCsv.percent(s.stemAcc()), ResultCsv.percent(s.bioAcc()))).append('\n'));
        return sb.toString();
    }
}
