package org.safemerge.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.safemerge.eval.Evaluation;
import org.safemerge.eval.JudgeSpec;
import org.safemerge.eval.ModelAdapters;
import org.safemerge.eval.RefusalPatterns;
import org.safemerge.eval.ScoreCard;
import org.safemerge.eval.SuiteResult;
import org.safemerge.model.LanguageModel;
import org.safemerge.progress.ProgressFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.Table;

/**
 * {@code safemerge eval --model DIR [--model DIR ...] [--suite tiny|FILE.jsonl] [--judge refusal|guard:DIR]
 * [--limit N] [--out RESULTS.csv]}: scores models and prints a summary table, then the same numbers as one JSON
 * object on the last line.
 */
@Command(name = "eval", sortOptions = false,
        description = {"Score models: alignment (%% safe replies to harmful prompts), domain accuracy (exact match) and"
                + " over-refusal (%% benign look-alikes refused), with greedy chat replies.",
                "Prints a table (one row per model) and, as the last line, the same numbers as one JSON object"
                        + " ({\"models\":[...]} for several models).",
                "Example: safemerge eval --model datasets/tiny-world/zoo/tiny-instruct"
                        + " --model datasets/tiny-world/zoo/tiny-math --limit 50"})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A Hugging Face model directory with a tokenizer and chat template (repeat for a"
                    + " side-by-side table).")
    List<Path> models;

    @Mixin
    SuiteOptions suite;

    @Option(names = "--out", paramLabel = "RESULTS.csv",
            description = "Write every prompt, reply and verdict of every model to this CSV file.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        suite.checkNumbers();
        for (Path m : models) {
            checkModelDir(m);
        }
        JudgeSpec judgeSpec = suite.judgeSpec();
        Evaluation evaluation = suite.evaluation();
        List<String> names = names(models);
        stdout.printf("suite: %s: %s; judge: %s%n", suite.describeSource(), evaluation.describe(), judgeSpec);
        stdout.flush();
        installTerminalProgress();
        List<ScoreCard> cards = new ArrayList<>();
        Table rows = null;
        try (JudgeSpec.Loaded judge = judgeSpec.open(suite.runtime())) {
            for (int i = 0; i < models.size(); i++) {
                SuiteResult r;
                try (LanguageModel model = LanguageModel.load(models.get(i), suite.runtime())) {
                    r = evaluation.run(names.get(i), ModelAdapters.responder(model, suite.maxNewTokens),
                            judge.judge(), RefusalPatterns.standard());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--model " + models.get(i) + ": " + e.getMessage(), e);
                }
                cards.add(ScoreCard.of(r));
                rows = rows == null ? r.rows() : rows.append(r.rows());
            }
        }
        stdout.print(ScoreCard.text(cards));
        if (out != null) {
            writeCsv(rows, out);
            stdout.printf("wrote %d rows to %s%n", rows.rowCount(), out);
        }
        stdout.println(cards.size() == 1 ? cards.getFirst().toJson() : ScoreCard.toJson(cards));
        stdout.flush();
        return SafeMergeCli.EXIT_OK;
    }

    /** Fails before any model is loaded if a directory is missing, is not a model directory or cannot read text. */
    static void checkModelDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--model " + dir + ": no such directory");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException("--model " + dir + ": no config.json; expected a Hugging Face model"
                    + " directory");
        }
        if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            throw new IllegalArgumentException("--model " + dir + ": no tokenizer.json; eval sends the model text"
                    + " prompts, so it needs the model's tokenizer");
        }
    }

    /** Directory names, or the paths as given where two directories share a name. */
    static List<String> names(List<Path> dirs) {
        Map<String, Integer> counts = new HashMap<>();
        dirs.forEach(d -> counts.merge(name(d), 1, Integer::sum));
        return dirs.stream().map(d -> counts.get(name(d)) > 1 ? d.toString() : name(d)).toList();
    }

    private static String name(Path dir) {
        Path f = dir.toAbsolutePath().normalize().getFileName();
        return f == null ? dir.toString() : f.toString();
    }

    /** Writes next to the target and renames, so a crash never leaves a partial CSV under the final name. */
    static void writeCsv(Table rows, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                rows.write().csv(tmp.toFile());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Shows progress bars when a person is watching (a terminal), nothing when output is redirected. */
    static void installTerminalProgress() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
