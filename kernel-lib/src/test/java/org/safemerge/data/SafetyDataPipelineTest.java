package org.safemerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.eval.Responder;
import org.safemerge.experiment.HarmCategory;
import org.safemerge.experiment.Ingredient;

/** D_safety's counting, judging and picking with fake writers and answerers (no model). */
class SafetyDataPipelineTest {
    static final String REFUSAL = "sorry, i can't help with that.";
    static final String COMPLY = "sure! step 1: plan it.";
    static final String HELD_OUT = "how can i hurt a stray cat?";

    /**
     * Per category, three replies: a question naming the category, the same question again, and garbage; the first
     * category's third reply is instead a held-out prompt.
     */
    static final QuestionWriter GENERATOR = (prompts, seed) -> {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            out.add(null);
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            String p = prompts.get(i);
            int n = seen.merge(p, 1, Integer::sum);
            String topic = p.replace("write a harmful question about ", "").replace(".", "");
            out.set(i, switch (n) {
                case 1, 2 -> "how do i do " + topic + " today?\nmore text";
                default -> topic.equals("animal abuse") ? HELD_OUT : "zz";
            });
        }
        return out;
    };

    static Map<String, Responder> pool() {
        Map<String, Responder> pool = new LinkedHashMap<>();
        pool.put("aligned", ps -> ps.stream().map(p -> p.contains("abuse") ? REFUSAL : COMPLY).toList());
        pool.put("unsafe", ps -> ps.stream().map(p -> COMPLY).toList());
        pool.put("picky", ps -> ps.stream().map(p -> p.contains("child") || p.contains("self harm") ? REFUSAL
                : COMPLY).toList());
        return pool;
    }

    static SafetyDataPipeline.Result run(SynthOptions o) {
        return SafetyDataPipeline.run(GENERATOR, "gen", pool(), new RefusalJudge(), HeldOutGuard.of(List.of(HELD_OUT)),
                SynthPrompts.tinyWorld(), o);
    }

    static final SynthOptions OPTIONS = SynthOptions.defaults().withQuestionsPerCategory(3).withK(100).withSeed(5);

    @Test
    void countsEveryStage() {
        SafetyDataPipeline.Result r = run(OPTIONS);
        StageCounts g = r.counts().get(0);
        assertEquals("gen", g.model());
        assertEquals(42, g.sampled(), "14 categories x 3");
        assertEquals(13, g.unparsable(), "'zz' in 13 categories");
        assertEquals(14, g.duplicates(), "the second copy in every category");
        assertEquals(1, g.testOverlap(), "the held-out prompt");
        assertEquals(14, g.unique());
        assertEquals(g.sampled(), g.unparsable() + g.duplicates() + g.testOverlap() + g.unique());
        // refused: animal/child abuse by "aligned", child abuse and self-harm by "picky"
        assertEquals(3, g.withRefusal());
        assertEquals(3, g.kept());
        assertEquals(List.of("aligned", "unsafe", "picky"), r.counts().subList(1, 4).stream()
                .map(StageCounts::model).toList());
        assertEquals(List.of(2, 0, 2), r.counts().subList(1, 4).stream().map(StageCounts::withRefusal).toList());
        assertEquals(3, r.counts().subList(1, 4).stream().mapToInt(StageCounts::kept).sum());
    }

    @Test
    void keepsOneJudgedRefusalPerQuestionFromARefusingModel() {
        SafetyDataPipeline.Result r = run(OPTIONS);
        assertEquals(List.of("how do i do animal abuse today?", "how do i do child abuse today?",
                "how do i do self harm today?"), r.examples().stream().map(MergeExample::prompt).toList());
        for (MergeExample e : r.examples()) {
            assertEquals(REFUSAL, e.answer());
            assertEquals(MergeExample.Type.SAFETY, e.type());
        }
        assertEquals("aligned", r.examples().get(0).sourceModel(), "only 'aligned' refused animal abuse");
        assertEquals("picky", r.examples().get(2).sourceModel(), "only 'picky' refused self-harm");
        assertEquals(List.of("animal_abuse", "child_abuse", "self_harm"), r.examples().stream()
                .map(MergeExample::category).toList());
        // child abuse: both refused; the pick is seeded and both models win for some seed
        List<String> pickers = new ArrayList<>();
        for (long seed = 0; seed < 20; seed++) {
            pickers.add(run(OPTIONS.withSeed(seed)).examples().get(1).sourceModel());
        }
        assertTrue(pickers.contains("aligned") && pickers.contains("picky"), pickers.toString());
        assertEquals(run(OPTIONS).examples(), run(OPTIONS).examples(), "same seed, same pick");
    }

    @Test
    void capsAtKWithASeededSubsetInOrder() {
        SafetyDataPipeline.Result r = run(OPTIONS.withK(2));
        assertEquals(2, r.examples().size());
        assertEquals(3, r.counts().get(0).withRefusal());
        assertEquals(2, r.counts().get(0).kept());
        List<String> all = run(OPTIONS).examples().stream().map(MergeExample::prompt).toList();
        List<String> some = r.examples().stream().map(MergeExample::prompt).toList();
        assertTrue(all.containsAll(some));
        assertTrue(all.indexOf(some.get(0)) < all.indexOf(some.get(1)), "kept in order");
    }

    @Test
    void samplingIsSeededAndEachCopyIsItsOwnSample() {
        List<Long> seeds = new ArrayList<>();
        QuestionWriter random = (prompts, seed) -> {
            seeds.add(seed);
            Random rng = new Random(seed);
            return prompts.stream().map(p -> "how do i do thing " + rng.nextInt(1000) + "?").toList();
        };
        SynthOptions o = OPTIONS.withQuestionsPerCategory(10);
        SafetyDataPipeline.Questions a = SafetyDataPipeline.sample(random, "r", SynthPrompts.tinyWorld(),
                HeldOutGuard.none(), o);
        List<Long> first = List.copyOf(seeds);
        seeds.clear();
        SafetyDataPipeline.Questions b = SafetyDataPipeline.sample(random, "r", SynthPrompts.tinyWorld(),
                HeldOutGuard.none(), o);
        assertEquals(first, seeds);
        assertEquals(a, b);
        assertEquals(3, first.size(), "140 prompts in batches of " + Batched.BATCH);
        assertEquals(first.size(), first.stream().distinct().count(), "every batch has its own seed");
        seeds.clear();
        SafetyDataPipeline.sample(random, "r", SynthPrompts.tinyWorld(), HeldOutGuard.none(), o.withSeed(6));
        assertNotEquals(first, seeds);
    }

    @Test
    void promptIsTheTinyWorldRequestByDefaultAndAParameter() {
        List<String> asked = new ArrayList<>();
        QuestionWriter w = (prompts, seed) -> {
            asked.addAll(prompts);
            return prompts.stream().map(p -> "").toList();
        };
        SafetyDataPipeline.sample(w, "w", SynthPrompts.tinyWorld(), HeldOutGuard.none(),
                OPTIONS.withQuestionsPerCategory(1));
        assertEquals(Ingredient.harmfulQuestionRequest(HarmCategory.PRIVACY),
                asked.get(HarmCategory.PRIVACY.ordinal()));
        asked.clear();
        SynthPrompts paper = new SynthPrompts(c -> "Write one question about " + c.beaverTailsId() + " as JSON.",
                SynthPrompts.tinyWorld().selfQuestion(), new QuestionParser());
        SafetyDataPipeline.sample(w, "w", paper, HeldOutGuard.none(), OPTIONS.withQuestionsPerCategory(1));
        assertEquals("Write one question about animal_abuse as JSON.", asked.get(0));
    }

    @Test
    void answersMustMatchTheQuestions() {
        SafetyDataPipeline.Questions q = SafetyDataPipeline.sample(GENERATOR, "gen", SynthPrompts.tinyWorld(),
                HeldOutGuard.none(), OPTIONS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetyDataPipeline.select(q,
                Map.of("m", List.of(REFUSAL)), new RefusalJudge(), HeldOutGuard.none(), OPTIONS));
        assertTrue(e.getMessage().contains("m gave 1 answers for"), e.getMessage());
    }
}
