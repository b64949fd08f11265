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

    @Mixin
    ModelOutputOptions output;

    @Option(names = "--dry-run", description = "Validate and print the plan (tensors, inputs, parameters) only.")
    boolean dryRun;

    @Option(names = "--screen", description = "First run the spoil screen (as 'safemerge screen'): measure every input"
            + " model's alignment and warn about those far below the best-aligned one; the merge then goes ahead.")
    boolean screen;

    @Option(names = "--screen-suite", paramLabel = "tiny|FILE.jsonl", defaultValue = "tiny",
            description = "Harmful prompts for --screen: the tiny world's held-out ones, or a suite file's harmful"
                    + " lines (default: ${DEFAULT-VALUE}).")
    String screenSuite;

    @Option(names = "--screen-judge", paramLabel = "refusal|guard:DIR", defaultValue = "refusal",
            description = "The judge for --screen (default: ${DEFAULT-VALUE}).")
    String screenJudge;

    @Option(names = "--screen-limit", paramLabel = "N", description = "At most N prompts for --screen (default: all).")
    Integer screenLimit;

    @Option(names = "--screen-threshold", paramLabel = "POINTS", defaultValue = "20",
            description = "Warn about inputs this many points or more below the best-aligned (default: ${DEFAULT-VALUE}).")
    double screenThreshold;

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
            AtomicDirectory.checkTarget(out.toAbsolutePath().normalize(), output.overwrite()); // refuse before any work
        }
        SuiteOptions screenOptions = screen ? screenOptions() : null;
        Recipe r = Recipe.load(recipe);
        MergeInputs inputs;
        try {
            inputs = MergeInputs.open(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recipe " + recipe + ": " + e.getMessage(), e);
        }
        try (inputs) {
            MergePlan plan = MergePlan.of(r, inputs);
            if (dryRun) {
                stdout.print(plan.describe());
                stdout.flush();
                return SafeMergeCli.EXIT_OK;
            }
            if (screen) {                   // warnings only: the merge goes ahead whatever the screen finds
                ScreenCommand.run(r, screenOptions, screenThreshold, stdout);
                stdout.flush();
            }
            installTerminalProgress();
            MergeReport report = Merger.mergeToDirectory(plan, out, options);
            stdout.printf("merged %d tensors (%s) with %s into %s in %.1f s%n", report.tensors(),
                    Bytes.format(report.bytes()), plan.method().id(), report.dir(), report.took().toMillis() / 1e3);
            stdout.flush();
        }
        return SafeMergeCli.EXIT_OK;
    }

    /** The --screen-* options as the screen command's, checked before anything is loaded. */
    private SuiteOptions screenOptions() {
        SuiteOptions o = new SuiteOptions();
        o.suite = screenSuite;
        o.judge = screenJudge;
        o.limit = screenLimit;
        o.maxNewTokens = 64;
        o.device = org.safemerge.model.DeviceChoice.AUTO;
        o.checkNumbers();
        o.judgeSpec();
        org.safemerge.eval.SpoilScreen.checkThreshold(screenThreshold);
        return o;
    }

    /** @return the merge options of the command line (--threads checked) */
    private MergeOptions options() {
        return output.mergeOptions(seed).withOverwrite(output.overwrite());
    }

    /** Shows a progress bar when a person is watching (a terminal), nothing when output is redirected. */
    private static void installTerminalProgress() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
