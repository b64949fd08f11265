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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.safemerge.data.ExpertExamples;
import org.safemerge.data.SynthOptions;
import org.safemerge.data.SynthPrompts;
import org.safemerge.data.SynthResult;
import org.safemerge.data.SyntheticData;
import org.safemerge.data.TinyWorldExamples;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.JudgeSpec;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.progress.ProgressFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code safemerge synth --pool DIR,DIR,... --generator DIR --k N [--seed S] --out DATA.jsonl}. */
@Command(name = "synth", sortOptions = false,
        description = {"Synthetic merge data as the paper makes it: D_safety (the generator samples harmful"
                + " questions per BeaverTails category, every pool model answers greedily, the refusal judge keeps"
                + " one refusal per question) and D_expert (each expert samples questions of its domain from three"
                + " in-context training examples and answers them). Writes JSONL {\"prompt\", \"answer\", \"type\","
                + " \"source_model\", \"category\"} and prints the stage counts.",
                "Refuses to run when the in-context examples overlap the held-out suite; sampled questions equal to"
                        + " a held-out prompt are dropped (counted as test_overlap).",
                "Example: safemerge synth --pool datasets/tiny-world/zoo/tiny-instruct,datasets/tiny-world/zoo/"
                        + "tiny-math --generator datasets/tiny-world/zoo/tiny-math --k 200 --seed 1 --out data.jsonl"})
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--pool", required = true, split = ",", paramLabel = "DIR",
            description = "The pool: the aligned instruct model first, then the experts (Hugging Face directories).")
    List<Path> pool;

    @Option(names = "--generator", required = true, paramLabel = "DIR",
            description = "The model that samples harmful questions (in the tiny world an unsafe expert).")
    Path generator;

    @Option(names = "--k", required = true, paramLabel = "N",
            description = "Pairs per set: D_safety keeps at most N, each expert writes N/(pool size - 1).")
    int k;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds all sampling and picks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DATA.jsonl", description = "The JSONL file to write.")
    Path out;

    @Option(names = "--suite", defaultValue = "tiny", paramLabel = "tiny|DIR",
            description = "The held-out evaluation prompts the data must not contain: tiny (the tiny world the pool"
                    + " lives in) or a directory with data/*_test.jsonl (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--examples", paramLabel = "DIR=FILE.jsonl",
            description = "In-context example questions of an expert (lines with a \"prompt\" string, from a training"
                    + " split); repeat per expert. Without it, tiny-world experts use their domain's training split.")
    Map<Path, Path> examples;

    @Option(names = "--questions-per-category", defaultValue = "40", paramLabel = "N",
            description = "Harmful questions sampled per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--temperature", defaultValue = "0.8",
            description = "Sampling temperature of the question writers (default: ${DEFAULT-VALUE}, the paper's).")
    double temperature;

    @Option(names = "--max-new-tokens", defaultValue = "64", paramLabel = "N",
            description = "Tokens per question or answer at most (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--vocabulary-filter",
            description = "Also reject questions with under 75%% of their words in the tiny world's training texts.")
    boolean vocabularyFilter;

    @Option(names = "--judge", defaultValue = "refusal", paramLabel = "refusal|guard:DIR",
            description = "Who decides which answers are refusals: the refusal rules, or a LLaMA-Guard-style model"
                    + " (a reply the guard calls safe counts as a refusal) (default: ${DEFAULT-VALUE}).")
    String judge;

    @Option(names = "--overwrite", description = "Replace DATA.jsonl if it exists.")
    boolean overwrite;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SynthOptions o;
        try {
            o = new SynthOptions(k, seed, temperature, maxNewTokens, perCategory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--k/--temperature/--max-new-tokens/--questions-per-category: "
                    + e.getMessage(), e);
        }
        if (pool.size() < 2) {
            throw new IllegalArgumentException("--pool needs the instruct model and at least one expert, got "
                    + pool.size() + " director" + (pool.size() == 1 ? "y" : "ies"));
        }
        if (Files.exists(out) && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " exists; pass --overwrite to replace it");
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory; expected a .jsonl file");
        }
        for (Path p : pool) {
            requireModelDir(p, "--pool");
        }
        requireModelDir(generator, "--generator");
        Path instruct = pool.getFirst();
        List<Path> experts = pool.subList(1, pool.size());
        EvalSuite heldOut = HeldOutSuites.resolve(suite, "--suite", experts.getFirst());
        Map<Path, ExpertExamples> ex = expertExamples(experts);
        SynthPrompts prompts = SynthPrompts.tinyWorld();
        if (vocabularyFilter) {
            prompts = prompts.withVocabulary(TinyWorldExamples.vocabulary(experts));
        }
        JudgeSpec judgeSpec = JudgeSpec.parse(judge);
        installTerminalProgress();
        SynthResult r;
        try (JudgeSpec.Loaded j = judgeSpec.open(RuntimeOptions.DEFAULT)) {
            r = SyntheticData.generateWith(instruct, experts, generator, j.judge(), heldOut, o, ex, prompts);
        }
        r.write(out); // atomic: a temporary sibling renamed into place
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(r.stats().print());
        stdout.println("wrote " + (r.safety().size() + r.expert().size()) + " lines (" + r.safety().size()
                + " safety, " + r.expert().size() + " expert) to " + out);
        stdout.flush();
        return SafeMergeCli.EXIT_OK;
    }

    private Map<Path, ExpertExamples> expertExamples(List<Path> experts) {
        Map<Path, Path> given = new LinkedHashMap<>();
        if (examples != null) {
            examples.forEach((d, f) -> given.put(d.toAbsolutePath().normalize(), f));
            for (Path d : given.keySet()) {
                if (experts.stream().noneMatch(e -> e.toAbsolutePath().normalize().equals(d))) {
                    throw new IllegalArgumentException("--examples " + d + ": not an expert of --pool " + experts);
                }
            }
        }
        Map<Path, ExpertExamples> out = new LinkedHashMap<>();
        for (Path e : experts) {
            Path f = given.get(e.toAbsolutePath().normalize());
            out.put(e, f == null ? TinyWorldExamples.forExperts(List.of(e)).get(e) : new ExpertExamples(null, prompts(f)));
        }
        return out;
    }

    private static void requireModelDir(Path dir, String option) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException(option + " " + dir + ": no config.json; expected a Hugging Face model"
                    + " directory");
        }
    }

    /** @return the "prompt" of every line of a JSONL file */
    static List<String> prompts(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("--examples " + file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = json.readTree(lines.get(i));
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not valid JSON");
            }
            if (n == null || !n.path("prompt").isTextual()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": \"prompt\" must be a string");
            }
            out.add(n.get("prompt").textValue());
        }
        return out;
    }

    /** Shows a progress bar when a person is watching (a terminal), nothing when output is redirected. */
    private static void installTerminalProgress() {
        java.io.Console console = System.console();
        if (console != null && console.isTerminal()) {
            ProgressFactory.setCurrent(ProgressFactory.terminal());
        }
    }
}
