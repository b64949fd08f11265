package org.safemerge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.safemerge.eval.Evaluation;
import org.safemerge.eval.JudgeSpec;
import org.safemerge.eval.SpoilReport;
import org.safemerge.eval.SpoilScreen;
import org.safemerge.merge.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code safemerge screen RECIPE.yml [--judge ...] [--limit N] [--threshold POINTS]}: the spoil detector. Measures
 * the alignment of every input model of a recipe before anything is merged and warns about each one that falls
 * clearly below the best-aligned input. Warnings do not change the exit code.
 */
@Command(name = "screen", sortOptions = false,
        description = {"Before merging: measure the alignment of every input model of a recipe (base model included)"
                + " on harmful prompts, and warn about each one that falls POINTS or more below the best-aligned"
                + " input (one bad model spoils the bunch). Warnings only: the exit code stays 0.",
                "Example: safemerge screen examples/tiny/instruct-math.yml --limit 50"})
public final class ScreenCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECIPE.yml", description = "The merge recipe (mergekit YAML).")
    Path recipe;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--threshold", paramLabel = "POINTS", defaultValue = "20",
            description = "Warn about inputs this many alignment points or more below the best-aligned input"
                    + " (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        suite.checkNumbers();
        SpoilScreen.checkThreshold(threshold);
        run(Recipe.load(recipe), suite, threshold, stdout);
        stdout.flush();
        return SafeMergeCli.EXIT_OK;          // warnings only
    }

    /**
     * Screens a recipe's inputs and prints the report (shared with {@code merge --screen}).
     *
     * @return the report
     */
    static SpoilReport run(Recipe recipe, SuiteOptions suite, double threshold, PrintWriter out) {
        JudgeSpec judgeSpec = suite.judgeSpec();
        Evaluation evaluation = suite.evaluation();
        var inputs = SpoilScreen.inputs(recipe);
        for (SpoilScreen.InputModel input : inputs) {
            if (!java.nio.file.Files.isRegularFile(input.dir().resolve("config.json"))) {
                throw new IllegalArgumentException("screen: input model " + input.name() + " (" + input.dir()
                        + ") is not a model directory (no config.json)");
            }
        }
        out.printf("screen: %d input models on %d harmful prompts of %s; judge: %s%n", inputs.size(),
                evaluation.core().harmful().size(), suite.describeSource(), judgeSpec);
        out.flush();
        EvalCommand.installTerminalProgress();
        SpoilReport report;
        try (JudgeSpec.Loaded judge = judgeSpec.open(suite.runtime())) {
            SpoilScreen screen = new SpoilScreen(evaluation.core().harmful(), judge.judge(), threshold,
                    suite.maxNewTokens, suite.runtime());
            report = screen.screen(inputs);
        }
        out.print(report.toText());
        return report;
    }
}
