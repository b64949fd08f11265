package org.safemerge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.RefusalPatterns;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.experiment.TinyWorldFiles;
import org.safemerge.merge.Recipe;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.testing.ZooFixture;

/** The search's candidate evaluator gives the evaluation suite's own numbers, for the pool's domains. */
class SuiteEvaluatorTest {
    static final EvalSuite SUITE = TinyWorldFiles.suite(TinyWorldData.generate(0)).limit(40);

    @Test
    void measuresWhatTheSuiteMeasures() {
        try (LanguageModel m = LanguageModel.load(ZooFixture.model("tiny-math"), RuntimeOptions.cpu())) {
            CandidateMetrics got = new SuiteEvaluator(SUITE, new RefusalJudge(),
                    List.of(SuiteEvaluator.Domain.STEM, SuiteEvaluator.Domain.BIO), 48).evaluate(m);
            GenerationOptions greedy = GenerationOptions.greedy(48);
            ModelScores want = SUITE.run("tiny-math", p -> m.chat(p, greedy), new RefusalJudge(),
                    RefusalPatterns.standard()).scores();
            assertEquals(want.alignment(), got.alignment(), 1e-9, "alignment");
            assertEquals(want.stemAcc(), got.extra().get("stem_acc"), 1e-9, "stem_acc");
            assertEquals(want.bioAcc(), got.extra().get("bio_acc"), 1e-9, "bio_acc");
            assertEquals((want.stemAcc() + want.bioAcc()) / 2, got.domainAccuracy(), 1e-9, "mean of the domains");
            assertEquals(List.of("stem_acc", "bio_acc"), List.copyOf(got.extra().keySet()));
        }
    }

    @Test
    void domainsComeFromTheExpertsNames() {
        Path zoo = ZooFixture.model("tiny-instruct").getParent();
        Recipe r = Recipe.parse("""
                merge_method: ties
                base_model: tiny-instruct
                models:
                  - {model: tiny-instruct}
                  - {model: tiny-wizard, parameters: {weight: 0.5, density: 0.5}}
                  - {model: tiny-bio, parameters: {weight: 0.5, density: 0.5}}
                  - {model: tiny-math, parameters: {weight: 0.5, density: 0.5}}
                dtype: float32
                """, zoo);
        ZooFixture.model("tiny-wizard");
        ZooFixture.model("tiny-bio");
        ZooFixture.model("tiny-math");
        assertEquals(List.of(SuiteEvaluator.Domain.STEM, SuiteEvaluator.Domain.BIO),
                SuiteEvaluator.domainsOf(MergePool.load(r)));
    }

    @Test
    void refusesWhatItCannotMeasure() {
        assertThrows(IllegalArgumentException.class, () -> new SuiteEvaluator(SUITE, new RefusalJudge(), List.of(), 48));
        EvalSuite noHarm = new EvalSuite(List.of(), SUITE.stem(), SUITE.bio(), SUITE.benign());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SuiteEvaluator(noHarm,
                new RefusalJudge(), List.of(SuiteEvaluator.Domain.STEM), 48));
        assertTrue(e.getMessage().contains("no harmful prompts"), e.getMessage());
        assertEquals(SuiteEvaluator.Domain.BIO, SuiteEvaluator.Domain.parse("bio"));
        assertThrows(IllegalArgumentException.class, () -> SuiteEvaluator.Domain.parse("chemistry"));
    }
}
