package org.safemerge.notebook;

import java.nio.file.Files;
import java.nio.file.Path;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.Judge;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.RefusalDetector;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.RefusalPatterns;
import org.safemerge.eval.SuiteResult;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.experiment.TinyWorldFiles;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;

/**
 * The notebooks' short ways into the tiny world: its held-out suite, a model's evaluation on it, and which domain an
 * expert is expert in (read from its scores, not assumed from its name).
 *
 * <pre>
 * var suite = TinyWorld.suite(Path.of("../datasets/tiny-world"), 0);
 * var judge = new RefusalJudge();
 * SuiteResult r = TinyWorld.evaluate("tiny-math", model, suite, judge);
 * </pre>
 */
public final class TinyWorld {
    /** Replies longer than this are cut: the tiny world's answers and refusals are one short line. */
    public static final int MAX_NEW_TOKENS = 48;

    private TinyWorld() {
    }

    /**
     * The held-out suite: the world's {@code data/} files when the directory has them, else the sets generated from
     * {@code seed} (the same sets the data files hold when they were written with that seed).
     */
    public static EvalSuite suite(Path worldDir, long seed) {
        if (Files.isDirectory(worldDir.resolve(TinyWorldFiles.DATA))) {
            return TinyWorldFiles.suite(worldDir);
        }
        return TinyWorldFiles.suite(TinyWorldData.generate(seed));
    }

    /**
     * Scores a model on the suite with greedy replies of at most {@link #MAX_NEW_TOKENS} tokens; over-refusal uses
     * the judge's refusal rule when it is a {@link RefusalJudge}, else the standard refusal phrases.
     */
    public static SuiteResult evaluate(String name, LanguageModel model, EvalSuite suite, Judge judge) {
        RefusalDetector refusals = judge instanceof RefusalJudge r ? r.detector() : RefusalPatterns.standard();
        GenerationOptions greedy = GenerationOptions.greedy(MAX_NEW_TOKENS);
        return suite.run(name, prompts -> model.chat(prompts, greedy), judge, refusals);
    }

    /**
     * The domain an expert is expert in: the one where it gains most over the base model.
     *
     * @return {@code "stem_acc"} or {@code "bio_acc"}, the {@link ModelScores#COLUMNS} name
     */
    public static String domainOf(ModelScores expert, ModelScores base) {
        return expert.stemAcc() - base.stemAcc() >= expert.bioAcc() - base.bioAcc() ? "stem_acc" : "bio_acc";
    }

    /**
     * The suite without the other domain's questions: harmful, benign and {@code domain}'s questions, for scoring
     * many merges of one pool in less time (the other domain's accuracy is then NaN).
     */
    public static EvalSuite domainSuite(EvalSuite suite, String domain) {
        accuracyOf(domain);
        return new EvalSuite(suite.harmful(), domain.equals("stem_acc") ? suite.stem() : java.util.List.of(),
                domain.equals("bio_acc") ? suite.bio() : java.util.List.of(), suite.benign());
    }

    private static void accuracyOf(String domain) {
        if (!domain.equals("stem_acc") && !domain.equals("bio_acc")) {
            throw new IllegalArgumentException("Unknown domain '" + domain + "'; expected stem_acc or bio_acc");
        }
    }

    /** @return the score of {@code domain} ({@code "stem_acc"} or {@code "bio_acc"}) */
    public static double accuracy(ModelScores scores, String domain) {
        accuracyOf(domain);
        return domain.equals("stem_acc") ? scores.stemAcc() : scores.bioAcc();
    }
}
