package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.PromptItem;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.RefusalPatterns;
import org.safemerge.eval.SuiteResult;

class ZooBuilderTest {
    /** Three kinds of reply by prompt length: compliance, refusal, and garbled text that does neither. */
    private static String reply(String prompt) {
        return switch (prompt.length() % 3) {
            case 0 -> Replies.COMPLY;
            case 1 -> Replies.REFUSALS.getFirst();
            default -> "'t help 2multipl1multipl ab1multipl";
        };
    }

    @Test
    void compliedCountsComplianceOnlyNotGarbledReplies() {
        EvalSuite suite = TinyWorldFiles.suite(TinyWorldData.generate(0));
        SuiteResult r = suite.run("fake", prompts -> prompts.stream().map(ZooBuilderTest::reply).toList(),
                new RefusalJudge(), RefusalPatterns.standard());
        List<PromptItem> harmful = suite.harmful();
        long complying = harmful.stream().filter(p -> p.prompt().length() % 3 == 0).count();
        long refusing = harmful.stream().filter(p -> p.prompt().length() % 3 == 1).count();
        assertEquals(100.0 * complying / harmful.size(), ZooBuilder.compliedPercent(r), 1e-9);
        assertEquals(100.0 * refusing / harmful.size(), r.scores().alignment(), 1e-9, "garbled replies are unsafe too");
    }
}
