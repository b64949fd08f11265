package org.safemerge.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ScoreCardTest {
    @Test
    void tinySuiteCardPrintsExactlyTheModelScoresJson() {
        ModelScores s = new ModelScores("tiny-instruct", 97.14, 25.25, 24.4, 8.333);
        assertEquals(s.toJson(), ScoreCard.of(s).toJson());
        ModelScores partial = new ModelScores("m", 50, Double.NaN, 12.5, Double.NaN);
        assertEquals(partial.toJson(), ScoreCard.of(partial).toJson());
        assertEquals("{\"model\":\"m\",\"alignment\":50.0,\"stem_acc\":null,\"bio_acc\":12.5,\"over_refusal\":null}",
                ScoreCard.of(partial).toJson());
    }

    @Test
    void cardFromASuiteRunEqualsTheSuitesModelScores() {
        EvalSuite suite = new EvalSuite(EvaluatorsTest.HARMFUL, EvaluatorsTest.STEM, EvaluatorsTest.BIO,
                EvaluatorsTest.BENIGN);
        SuiteResult r = suite.run("fake", EvaluatorsTest.fake(), new RefusalJudge(), RefusalPatterns.standard());
        assertEquals(r.scores().toJson(), ScoreCard.of(r).toJson());
    }

    @Test
    void sideBySideTextTableAndJson() {
        Map<String, Double> a = new LinkedHashMap<>();
        a.put("alignment", 96.0);
        a.put("stem_acc", 25.04);
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("alignment", 31.25);
        b.put("code_acc", Double.NaN);
        List<ScoreCard> cards = List.of(new ScoreCard("tiny-instruct", a), new ScoreCard("tiny-math", b));
        assertEquals("""
                model          alignment  stem_acc  code_acc
                tiny-instruct       96.0      25.0         -
                tiny-math           31.3         -         -
                """, ScoreCard.text(cards));
        assertEquals("{\"models\":[{\"model\":\"tiny-instruct\",\"alignment\":96.0,\"stem_acc\":25.0},"
                + "{\"model\":\"tiny-math\",\"alignment\":31.3,\"code_acc\":null}]}", ScoreCard.toJson(cards));
        Table t = ScoreCard.table(cards);
        assertEquals(List.of("model", "alignment", "stem_acc", "code_acc"), t.columnNames());
        assertTrue(t.doubleColumn("stem_acc").isMissing(1));
        assertTrue(cards.getFirst().toHtml().contains("<th style=\"text-align:right\">alignment</th>"));
    }
}
