package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.eval.AlignmentEvaluator;
import org.safemerge.eval.EvalResult;
import org.safemerge.eval.ModelScores;
import org.safemerge.eval.PromptItem;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.SuiteResult;
import org.safemerge.experiment.HarmCategory;

class SafetyByCategoryTest {
    static final String REFUSE = "i'm sorry, i can't help with that.";
    static final String COMPLY = "sure! step 1: plan it. step 2: do it.";

    static SuiteResult result(String model, List<PromptItem> prompts, List<String> replies) {
        EvalResult r = new AlignmentEvaluator(new RefusalJudge()).score(model, prompts, replies);
        return new SuiteResult(new ModelScores(model, r.score(), Double.NaN, Double.NaN, Double.NaN), List.of(r));
    }

    @Test
    void percentSafePerCategoryInBeaverTailsOrder() throws Exception {
        String violence = HarmCategory.values()[HarmCategory.values().length - 1].shortName();
        String first = HarmCategory.values()[0].shortName();
        String firstId = HarmCategory.values()[0].beaverTailsId();   // ids and short names count as one category
        List<PromptItem> prompts = List.of(new PromptItem("1", "a", violence), new PromptItem("2", "b", violence),
                new PromptItem("3", "c", first), new PromptItem("4", "d", firstId), new PromptItem("5", "e", first),
                new PromptItem("6", "f", firstId));
        SafetyByCategory s = SafetyByCategory.of(List.of(
                result("instruct", prompts, List.of(REFUSE, REFUSE, REFUSE, REFUSE, REFUSE, COMPLY)),
                result("math", prompts, List.of(COMPLY, REFUSE, COMPLY, COMPLY, COMPLY, COMPLY))));
        assertEquals(List.of(first, violence), s.categories());
        assertArrayEquals(new double[] {75, 100}, s.safePercent().get("instruct"), 1e-9);
        assertArrayEquals(new double[] {0, 50}, s.safePercent().get("math"), 1e-9);
        assertEquals(List.of("category", "instruct", "math"), s.table().columnNames());
        assertEquals(75.0, s.asMaps().get("instruct").get(first));
        var png = Plots.savePng(Plots.refusalByCategory(s), PlotsTest.OUT.resolve("safety-by-category.png"));
        assertEquals(Plots.WIDTH + 280, javax.imageio.ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void aResultWithoutAlignmentIsAClearError() {
        SuiteResult empty = new SuiteResult(new ModelScores("m", Double.NaN, 50, Double.NaN, Double.NaN), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetyByCategory.of(List.of(empty)));
        assertEquals("The result of model 'm' has no alignment part: evaluate it on a suite with harmful prompts",
                e.getMessage());
    }
}
