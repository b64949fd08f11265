package org.safemerge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import org.safemerge.model.ScoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code safemerge score --model DIR --data PAIRS.jsonl}. */
@Command(name = "score", sortOptions = false,
        description = {"Mean cross-entropy of the model over the answer tokens of {\"prompt\": ..., \"answer\": ...}"
                + " lines, rendered with its chat template (prompt tokens are context only). Prints the number"
                + " (nats per answer token, token-weighted), then a short table.",
                "Example: safemerge score --model datasets/tiny-world/zoo/tiny-instruct --data pairs.jsonl"})
public final class ScoreCommand implements Callable<Integer> {
    private static final int SHOWN = 10;

    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, paramLabel = "PAIRS.jsonl",
            description = "One JSON object per line with string fields \"prompt\" and \"answer\".")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16",
            description = "Pairs per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        List<PromptAnswer> pairs = readPairs(data);
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel m = model.load(batchSize)) {
            ScoreResult r = m.score(pairs, batchSize);
            out.printf("%.6f%n", r.meanLoss());
            out.printf("%-40s %d%n", "pairs", pairs.size());
            out.printf("%-40s %d%n", "answer tokens", r.tokens());
            out.printf("%-40s %.4f%n", "mean loss (nats/token, token-weighted)", r.meanLoss());
            out.printf("%-40s %.4f%n", "mean of per-pair losses", r.meanPairLoss());
            out.printf("%-40s %.3f%n", "perplexity", r.perplexity());
            out.printf("%n%5s %7s %8s  %s%n", "pair", "tokens", "loss", "prompt");
            for (int i = 0; i < Math.min(SHOWN, pairs.size()); i++) {
                out.printf("%5d %7d %8.4f  %s%n", i + 1, r.pairTokens()[i], r.pairLoss()[i],
                        abbreviate(pairs.get(i).prompt()));
            }
            if (pairs.size() > SHOWN) {
                out.printf("(%d more)%n", pairs.size() - SHOWN);
            }
        }
        out.flush();
        return SafeMergeCli.EXIT_OK;
    }

    /**
     * @return the pairs of a JSONL file
     * @throws IllegalArgumentException naming the file and line of the first bad line
     */
    static List<PromptAnswer> readPairs(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper();
        List<PromptAnswer> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode n;
            try {
                n = json.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": not valid JSON");
            }
            for (String key : new String[] {"prompt", "answer"}) {
                if (n == null || !n.path(key).isTextual()) {
                    throw new IllegalArgumentException(where + ": \"" + key + "\" must be a string (each line is"
                            + " {\"prompt\": ..., \"answer\": ...})");
                }
            }
            pairs.add(new PromptAnswer(n.get("prompt").textValue(), n.get("answer").textValue()));
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException(file + ": no pairs to score");
        }
        return pairs;
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 50 ? one : one.substring(0, 47) + "...";
    }
}
