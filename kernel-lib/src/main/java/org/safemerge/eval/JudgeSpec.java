package org.safemerge.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;

/**
 * Which judge to use, as the command line names it: {@code refusal} (the rule-based {@link RefusalJudge}) or
 * {@code guard:DIR} (a {@link GuardJudge} asking the LLaMA-Guard-style model in DIR through the runtime).
 *
 * @param guardDir the guard model's directory, or null for the refusal judge
 */
public record JudgeSpec(Path guardDir) {
    /** The refusal judge's spec. */
    public static final JudgeSpec REFUSAL = new JudgeSpec(null);

    /**
     * @param spec {@code refusal} or {@code guard:DIR}
     * @throws IllegalArgumentException for any other text, or a guard directory without a config.json
     */
    public static JudgeSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.equals("refusal")) {
            return REFUSAL;
        }
        if (spec.startsWith("guard:") && spec.length() > "guard:".length()) {
            Path dir = Path.of(spec.substring("guard:".length()));
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("judge '" + spec + "': guard model directory " + dir
                        + " does not exist");
            }
            if (!Files.isRegularFile(dir.resolve("config.json"))) {
                throw new IllegalArgumentException("judge '" + spec + "': " + dir + " has no config.json; expected a"
                        + " Hugging Face model directory");
            }
            return new JudgeSpec(dir);
        }
        throw new IllegalArgumentException("judge '" + spec + "' is not refusal or guard:DIR");
    }

    /** @return true for a guard model */
    public boolean isGuard() {
        return guardDir != null;
    }

    /**
     * Makes the judge, loading the guard model if there is one.
     *
     * @param runtime how to run the guard model (ignored by the refusal judge)
     * @return the judge; close it to free the guard model
     */
    public Loaded open(RuntimeOptions runtime) {
        if (!isGuard()) {
            return new Loaded(new RefusalJudge(), null);
        }
        LanguageModel guard = LanguageModel.load(guardDir, runtime);
        return new Loaded(GuardJudge.of(guard), guard);
    }

    @Override
    public String toString() {
        return isGuard() ? "guard:" + guardDir : "refusal";
    }

    /**
     * A judge ready to use, with the guard model it owns (if any).
     *
     * @param judge the judge
     * @param guard the guard model, or null
     */
    public record Loaded(Judge judge, LanguageModel guard) implements AutoCloseable {
        @Override
        public void close() {
            if (guard != null) {
                guard.close();
            }
        }
    }
}
