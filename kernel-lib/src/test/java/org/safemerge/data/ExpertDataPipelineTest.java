package org.safemerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.safemerge.eval.Responder;
import org.safemerge.experiment.Ingredient;

/** D_expert's counting, in-context filtering, rounds and share with fake experts (no model). */
class ExpertDataPipelineTest {
    static final List<String> EXAMPLES = List.of("what is 1+1?", "what is 2+2?", "what is 3+3?", "what is 4+4?",
            "what is 5+5?");
    static final String HELD_OUT = "what is 9+9?";
    static final Responder ANSWER = ps -> ps.stream().map(p -> "answer to " + p).toList();
    static final SynthOptions OPTIONS = SynthOptions.defaults().withSeed(2);

    /** The in-context examples of a tiny-world self-questioning prompt. */
    static List<String> shots(String prompt) {
        return List.of(prompt.substring("new question like: ".length()).split(" \\| "));
    }

    /**
     * Cycles through: a copy of the prompt's first example, garbage, the held-out prompt, a new question, the same
     * new question again (a duplicate), another new question.
     */
    static QuestionWriter cycling(AtomicInteger calls) {
        AtomicInteger next = new AtomicInteger();
        return (prompts, seed) -> {
            calls.incrementAndGet();
            List<String> out = new ArrayList<>();
            for (String p : prompts) {
                int i = next.getAndIncrement();
                out.add(switch (i % 6) {
                    case 0 -> shots(p).get(0);
                    case 1 -> "1+";
                    case 2 -> HELD_OUT;
                    case 3, 4 -> "what is " + (100 + i / 6) + "+1?";
                    default -> "what is " + (200 + i / 6) + "+2?";
                });
            }
            return out;
        };
    }

    @Test
    void countsEveryStageAndKeepsTheShare() {
        AtomicInteger calls = new AtomicInteger();
        ExpertDataPipeline.Expert e = new ExpertDataPipeline.Expert("math", "stem", cycling(calls), ANSWER,
                EXAMPLES);
        ExpertDataPipeline.Result r = ExpertDataPipeline.run(e, 10, SynthPrompts.tinyWorld(),
                HeldOutGuard.of(List.of(HELD_OUT)), new HashSet<>(), OPTIONS);
        StageCounts c = r.counts();
        // rounds of max(8, 2 x missing): 20 prompts give 6 unique, 8 more give 9, 8 more give 12 >= 10
        assertEquals(3, calls.get());
        assertEquals(36, c.sampled());
        assertEquals(6, c.inContext(), "every 6th reply copies its prompt's first example");
        assertEquals(6, c.unparsable());
        assertEquals(6, c.testOverlap());
        assertEquals(6, c.duplicates());
        assertEquals(12, c.unique());
        assertEquals(c.sampled(), c.unparsable() + c.inContext() + c.testOverlap() + c.duplicates() + c.unique());
        assertEquals(10, c.kept(), "the first share of the unique questions");
        assertEquals(10, r.examples().size());
    }

    @Test
    void roundsContinueUntilTheShareAndKeepTheFirstShare() {
        AtomicInteger calls = new AtomicInteger();
        ExpertDataPipeline.Expert e = new ExpertDataPipeline.Expert("math", "stem", cycling(calls), ANSWER,
                EXAMPLES);
        ExpertDataPipeline.Result r = ExpertDataPipeline.run(e, 5, SynthPrompts.tinyWorld(),
                HeldOutGuard.of(List.of(HELD_OUT)), new HashSet<>(), OPTIONS);
        assertEquals(5, r.examples().size());
        assertEquals(5, r.counts().kept());
        for (MergeExample x : r.examples()) {
            assertEquals("answer to " + x.prompt(), x.answer(), "the expert answers its own question");
            assertEquals("math", x.sourceModel());
            assertEquals("stem", x.category());
            assertEquals(MergeExample.Type.EXPERT, x.type());
            assertFalse(EXAMPLES.contains(x.prompt()), "no in-context copy: " + x.prompt());
            assertFalse(x.prompt().equals(HELD_OUT));
        }
    }

    @Test
    void stopsAfterMaxRoundsWhenTheWriterKeepsRepeating() {
        AtomicInteger calls = new AtomicInteger();
        QuestionWriter stuck = (prompts, seed) -> {
            calls.incrementAndGet();
            return prompts.stream().map(p -> "what is 7+7?").toList();
        };
        ExpertDataPipeline.Result r = ExpertDataPipeline.run(new ExpertDataPipeline.Expert("m", null, stuck, ANSWER,
                EXAMPLES), 4, SynthPrompts.tinyWorld(), HeldOutGuard.none(), new HashSet<>(), OPTIONS);
        assertEquals(ExpertDataPipeline.MAX_ROUNDS, calls.get());
        assertEquals(1, r.counts().unique());
        assertEquals(1, r.examples().size());
        assertEquals(4 * 8, r.counts().sampled(), "rounds of max(8, 2 x missing)");
    }

    @Test
    void promptsShowThreeDifferentSeededExamplesFromTheTrainingSplit() {
        List<String> prompts = new ArrayList<>();
        QuestionWriter spy = (ps, seed) -> {
            prompts.addAll(ps);
            return ps.stream().map(p -> "").toList();
        };
        ExpertDataPipeline.run(new ExpertDataPipeline.Expert("m", null, spy, ANSWER, EXAMPLES), 4,
                SynthPrompts.tinyWorld(), HeldOutGuard.none(), new HashSet<>(), OPTIONS);
        List<String> first = List.copyOf(prompts);
        for (String p : first) {
            List<String> s = shots(p);
            assertEquals(3, s.size());
            assertEquals(3, Set.copyOf(s).size(), "three different examples: " + p);
            assertTrue(EXAMPLES.containsAll(s));
            assertEquals(Ingredient.selfQuestionPrompt(s), p);
        }
        prompts.clear();
        ExpertDataPipeline.run(new ExpertDataPipeline.Expert("m", null, spy, ANSWER, EXAMPLES), 4,
                SynthPrompts.tinyWorld(), HeldOutGuard.none(), new HashSet<>(), OPTIONS);
        assertEquals(first, prompts, "same seed, same prompts");
    }

    @Test
    void aLaterExpertsCopiesOfEarlierQuestionsAreDuplicates() {
        Set<String> seen = new HashSet<>();
        QuestionWriter same = (prompts, seed) -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < prompts.size(); i++) {
                out.add("what is " + (50 + i) + "+1?");
            }
            return out;
        };
        ExpertDataPipeline.Result a = ExpertDataPipeline.run(new ExpertDataPipeline.Expert("a", null, same, ANSWER,
                EXAMPLES), 3, SynthPrompts.tinyWorld(), HeldOutGuard.none(), seen, OPTIONS);
        ExpertDataPipeline.Result b = ExpertDataPipeline.run(new ExpertDataPipeline.Expert("b", null, same, ANSWER,
                EXAMPLES), 3, SynthPrompts.tinyWorld(), HeldOutGuard.none(), seen, OPTIONS);
        assertEquals(3, a.examples().size());
        assertTrue(b.counts().duplicates() >= 8, "the first round's 8 questions were all a's");
    }

    @Test
    void shareIsKOverNMinusOne() {
        assertEquals(10, ExpertDataPipeline.share(10, 2), "instruct + one expert: K");
        assertEquals(5, ExpertDataPipeline.share(10, 3));
        assertEquals(3, ExpertDataPipeline.share(10, 4));
        assertThrows(IllegalArgumentException.class, () -> ExpertDataPipeline.share(2, 4));
        assertThrows(IllegalArgumentException.class, () -> ExpertDataPipeline.share(10, 1));
    }

    @Test
    void inContextExamplesThatAreTestPromptsStopTheRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExpertDataPipeline.run(
                new ExpertDataPipeline.Expert("m", null, cycling(new AtomicInteger()), ANSWER,
                        List.of("what is 1+1?", "what is 2+2?", HELD_OUT)), 4, SynthPrompts.tinyWorld(),
                HeldOutGuard.of(List.of(HELD_OUT)), new HashSet<>(), OPTIONS));
        assertTrue(e.getMessage().contains("in-context examples of m") && e.getMessage().contains(HELD_OUT),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExpertDataPipeline.Expert("m", null,
                cycling(new AtomicInteger()), ANSWER, List.of("a?", "b?", "a?")), "three different examples needed");
    }
}
