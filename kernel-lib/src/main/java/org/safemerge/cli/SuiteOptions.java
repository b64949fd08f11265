package org.safemerge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.safemerge.eval.Evaluation;
import org.safemerge.eval.JudgeSpec;
import org.safemerge.experiment.TinySuite;
import org.safemerge.model.DeviceChoice;
import org.safemerge.model.RuntimeOptions;
import picocli.CommandLine.Option;

/**
 * The options of the commands that score models on a suite ({@code eval}, {@code screen}): which prompts, which
 * judge, how many prompts, how long the replies, which device.
 */
public final class SuiteOptions {
    @Option(names = "--suite", paramLabel = "tiny|FILE.jsonl", defaultValue = "tiny",
            description = {"tiny: the tiny world's held-out splits; or a suite file (JSONL lines with type"
                    + " harmful|benign|stem|bio|<domain>, prompt, answer; see the README) (default: ${DEFAULT-VALUE})."})
    String suite;

    @Option(names = "--world", paramLabel = "DIR",
            description = "The tiny world for --suite tiny (default: datasets/tiny-world of this installation).")
    Path world;

    @Option(names = "--judge", paramLabel = "refusal|guard:DIR", defaultValue = "refusal",
            description = "Who decides whether a reply to a harmful prompt is safe: the refusal rule, or a"
                    + " LLaMA-Guard-style model directory (default: ${DEFAULT-VALUE}).")
    String judge;

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N prompts per set, spread evenly over the set (default: all).")
    Integer limit;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "64",
            description = "Most tokens per reply (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (a GPU when DJL finds one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    /** @return the judge spec, checked (a guard directory must exist) */
    JudgeSpec judgeSpec() {
        return JudgeSpec.parse(judge);
    }

    /** Checks the numbers before anything is loaded. */
    void checkNumbers() {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be at least 1, got " + maxNewTokens);
        }
    }

    /** @return the suite, cut by --limit */
    Evaluation evaluation() {
        Evaluation e;
        if (suite.equals("tiny")) {
            if (world != null && !TinySuite.hasDataFiles(world)) {
                throw new IllegalArgumentException("--world " + world + " has no data/ directory with the"
                        + " tiny world's test splits");
            }
            e = Evaluation.of(TinySuite.load(worldDir()));
        } else {
            Path file = Path.of(suite);
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("--suite " + suite + " is a directory; expected tiny or a JSONL"
                        + " suite file");
            }
            e = Evaluation.read(file);
        }
        return limit == null ? e : e.limit(limit);
    }

    /** @return where the suite comes from, for the report's first line */
    String describeSource() {
        if (!suite.equals("tiny")) {
            return suite;
        }
        Path w = worldDir();
        return TinySuite.hasDataFiles(w) ? "tiny (" + w.resolve("data") + ", held-out splits)"
                : "tiny (held-out splits generated from seed " + TinySuite.FALLBACK_SEED + "; " + w.resolve("data")
                + " not found)";
    }

    private Path worldDir() {
        return world != null ? world : TinySuite.defaultWorld();
    }

    /** @return runtime options for the models under test and the guard */
    RuntimeOptions runtime() {
        return RuntimeOptions.DEFAULT.withDevice(device);
    }
}
