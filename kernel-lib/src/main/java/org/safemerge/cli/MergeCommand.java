package org.safemerge.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.safemerge.io.AtomicDirectory;
import org.safemerge.merge.MergeInputs;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.MergePlan;
import org.safemerge.merge.MergeReport;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.progress.ProgressFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code safemerge merge RECIPE.yml --out OUTDIR}: run a mergekit recipe. */
@Command(name = "merge", sortOptions = false,
        description = {"Merge models with a mergekit YAML recipe (all mergekit methods; model references are local"
                + " directories, absolute or relative to the recipe).",
                "Example: safemerge merge examples/recipes/ties.yml --out out/ties --seed 42"})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE.yml", description = "The recipe (mergekit YAML, or a merge's safemerge_config.yml).")
    Path recipe;

    @Option(names = "--out", paramLabel = "OUTDIR", description = "The output model directory (required unless --dry-run).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of DARE/DELLA draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard-size", defaultValue = "5GB", paramLabel = "SIZE",
            description = "Largest weight file, e.g. 5GB, 500MB, 2GiB (default: ${DEFAULT-VALUE}).")
    String shardSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads that compute, at least 1 (default: the available processors).")
    Integer threads;

    @Option(names = "--dry-run", description = "Validate and print the plan (tensors, inputs, parameters) only.")
    boolean dryRun;

    @Option(names = "--overwrite", description = "Replace OUTDIR if it exists and is not empty.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        MergeOptions options = options();
        if (out == null && !dryRun) {
            throw new IllegalArgumentException("--out OUTDIR is required (or pass --dry-run to print the plan)");
        }
        if (out != null && !dryRun) {
            AtomicDirectory.checkTarget(out.toAbsolutePath().normalize(), overwrite); // refuse before any work
        }
        Recipe r = Recipe.load(recipe);
        try (MergeInputs inputs = MergeInputs.open(r)) {
            MergePlan plan = MergePlan.of(r, inputs);
            if (dryRun) {
                stdout.print(plan.describe());
                stdout.flush();
                return SafeMergeCli.EXIT_OK;
            }
            // Checks on the inputs that must pass before merging (e.g. safety screening) go here.
            installTerminalProgress();
            MergeReport report = Merger.mergeToDirectory(plan, out, options);
            stdout.printf("merged %d tensors (%s) with %s into %s in %.1f s%n", report.tensors(),
                    Bytes.format(report.bytes()), plan.method().id(), report.dir(), report.took().toMillis() / 1e3);
            stdout.flush();
        }
        return SafeMergeCli.EXIT_OK;
    }

    /** Validates the numeric options in one place. */
    private MergeOptions options() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        }
        return MergeOptions.defaults().withSeed(seed).withThreads(n).withShardBytes(Bytes.parse(shardSize))
                .withOverwrite(overwrite);
    }

    /** Shows a progress bar when a person is watching (a terminal), nothing when output is redirected. */
    private static void installTerminalProgress() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
