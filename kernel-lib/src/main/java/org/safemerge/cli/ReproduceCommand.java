package org.safemerge.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.safemerge.SafeMerge;
import org.safemerge.experiment.Finding;
import org.safemerge.experiment.GenomeMembers;
import org.safemerge.experiment.Reproduction;
import org.safemerge.experiment.ReproductionOptions;
import org.safemerge.experiment.ReproductionResult;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.progress.ProgressFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code safemerge reproduce}: the paper in miniature. Runs Table 1 and Table 2 on the tiny world, checks the paper's
 * findings from the numbers, writes tables, plots and recipes to {@code --out} and prints the tables.
 */
@Command(name = "reproduce", sortOptions = false,
        description = {"The paper in miniature: merges the tiny zoo's pools (instruct+math, instruct+bio;"
                + " instruct+wizard+math) with TIES, DARE-TIES and SLERP by grid search, EvoMM on D_expert and on"
                + " D_expert + D_safety, and LM-Cocktail; scores every merge's alignment and domain accuracy on the"
                + " held-out splits; checks the paper's three findings.",
                "Writes OUTDIR/table1.csv, table2.csv, tables.md, *.png, recipes/, searches/, data/ (replacing an"
                        + " earlier reproduction there) and prints the tables.",
                "Example: safemerge reproduce --quick --out results-quick"})
public final class ReproduceCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "results", paramLabel = "OUTDIR",
            description = "Output directory (default: ${DEFAULT-VALUE}); an earlier reproduction there is replaced.")
    Path out;

    @Option(names = "--quick", description = "The CI run (under a minute on 2 cores): K 40, EvoMM budget 10, small grids,"
            + " 40 held-out items per set.")
    boolean quick;

    @Option(names = "--world", defaultValue = "datasets/tiny-world", paramLabel = "DIR",
            description = "The tiny world: zoo/, data/, synthetic/ (default: ${DEFAULT-VALUE}).")
    Path world;

    @Option(names = "--seed", description = "Seeds the synthetic data, CMA-ES and DARE (default: 0).")
    Long seed;

    @Option(names = "--k", description = "Synthetic pairs per set (default: 200; --quick: 40).")
    Integer k;

    @Option(names = "--budget", description = "EvoMM merged-model evaluations per run (default: 100; --quick: 10).")
    Integer budget;

    @Option(names = "--alpha", description = "Weight of L_expert in L_safety + alpha * L_expert (default: 0.3).")
    Double alpha;

    @Option(names = "--eval-limit", paramLabel = "N",
            description = "Held-out items per set, 0 = all (default: all; --quick: 40).")
    Integer evalLimit;

    @Option(names = "--pools", split = ",", paramLabel = "POOL",
            description = "Pools to run (default: instruct+math,instruct+bio,instruct+wizard+math).")
    List<String> pools;

    @Option(names = "--genome", paramLabel = "experts|pool",
            description = "Models with EvoMM genes in TIES and DARE-TIES runs: experts (default; a two-model pool's"
                    + " search starts at the expert) or pool (the instruct model too, as the paper's released genome;"
                    + " every weight starts at 1/pool size).")
    GenomeMembers genome;

    @Option(names = "--alpha-sweep", split = ",", paramLabel = "A",
            description = "Ablation: EvoMM (TIES, instruct+bio, D_expert + D_safety) for each alpha, e.g. 0.1,0.3,1.")
    List<Double> alphaSweep;

    @Option(names = "--k-sweep", split = ",", paramLabel = "K",
            description = "Ablation: the same for each K (data regenerated per K), e.g. 50,100,200.")
    List<Double> kSweep;

    @Option(names = "--budget-sweep", split = ",", paramLabel = "B",
            description = "Ablation: the same for each EvoMM budget, e.g. 25,50,100.")
    List<Double> budgetSweep;

    @Option(names = "--no-tables", negatable = false,
            description = "Run only the ablation sweeps, not Table 1 and Table 2.")
    boolean noTables;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SafeMerge.configureOffline();
        PrintWriter stdout = spec.commandLine().getOut();
        ReproductionOptions o = quick ? ReproductionOptions.quick() : ReproductionOptions.defaults();
        o = o.withWorld(world);
        if (seed != null) {
            o = o.withSeed(seed);
        }
        if (k != null) {
            o = o.withK(k);
        }
        if (budget != null) {
            o = o.withBudget(budget);
        }
        if (alpha != null) {
            o = o.withAlpha(alpha);
        }
        if (evalLimit != null) {
            o = o.withEvalLimit(evalLimit);
        }
        if (pools != null) {
            o = o.withPools(pools);
        }
        if (genome != null) {
            o = o.withGenome(genome);
        }
        Map<String, List<Double>> sweeps = new LinkedHashMap<>();
        addSweep(sweeps, "alpha", alphaSweep);
        addSweep(sweeps, "k", kSweep);
        addSweep(sweeps, "budget", budgetSweep);
        if (noTables && sweeps.isEmpty()) {
            throw new IllegalArgumentException("--no-tables needs at least one of --alpha-sweep, --k-sweep,"
                    + " --budget-sweep");
        }
        Path target = out.toAbsolutePath().normalize();
        checkOutput(target);
        installTerminalProgress();
        Reproduction reproduction = new Reproduction(o, line -> {
            stdout.println(line);
            stdout.flush();
        });
        ReproductionResult result = reproduction.run(!noTables, sweeps);
        try (AtomicDirectory dir = AtomicDirectory.create(target, true)) {
            result.write(dir.path());
            dir.commit();
        }
        stdout.println();
        stdout.println(result.markdown());
        for (Finding f : result.findings()) {
            stdout.println("finding " + f.number() + ": " + f.verdict());
        }
        stdout.println("wrote " + target);
        stdout.flush();
        return SafeMergeCli.EXIT_OK;
    }

    private static void addSweep(Map<String, List<Double>> sweeps, String name, List<Double> values) {
        if (values == null) {
            return;
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("--" + name + "-sweep: no values; expected e.g. 0.1,0.3,1");
        }
        sweeps.put(name, new ArrayList<>(values));
    }

    /**
     * The output is replaced only when it is empty or holds an earlier reproduction ({@code tables.md}), so a
     * mistyped {@code --out} cannot wipe another directory.
     */
    private static void checkOutput(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IllegalArgumentException("--out " + target + " exists and is not a directory");
        }
        try (Stream<Path> s = Files.list(target)) {
            if (s.findAny().isPresent() && !Files.isRegularFile(target.resolve("tables.md"))) {
                throw new IllegalArgumentException("--out " + target + " is not empty and holds no earlier"
                        + " reproduction (no tables.md); choose another directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + target + ": " + e.getMessage(), e);
        }
    }

    /** Shows progress bars when a person is watching (a terminal), nothing when output is redirected. */
    private static void installTerminalProgress() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
