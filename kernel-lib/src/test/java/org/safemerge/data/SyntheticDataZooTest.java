package org.safemerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.experiment.TinyWorldFiles;
import org.safemerge.testing.ZooFixture;

/**
 * The pipelines on the tiny zoo with a small K: well-formed, deduplicated, seeded, judged, no test prompt. The zoo's
 * models are copied into a temporary tiny world whose data are {@code TinyWorldData.generate(0)}, so the tiny-world
 * entry point (examples and vocabulary found next to the zoo) is the one tested.
 */
class SyntheticDataZooTest {
    static final TinyWorldData WORLD = TinyWorldData.generate(0);
    static final EvalSuite HELD_OUT = TinyWorldFiles.suite(WORLD);
    static final SynthOptions OPTIONS = SynthOptions.defaults().withK(24).withSeed(3).withQuestionsPerCategory(4)
            .withMaxNewTokens(48);

    @TempDir
    static Path tmp;
    static SynthResult first;
    static Path instruct;
    static Path math;
    static Path bio;

    @BeforeAll
    static void generate() throws Exception {
        Path world = tmp.resolve("world");
        TinyWorldFiles.writeData(WORLD, world);
        Path zoo = Files.createDirectories(world.resolve("zoo"));
        instruct = ZooFixture.copy("tiny-instruct", zoo);
        math = ZooFixture.copy("tiny-math", zoo);
        bio = ZooFixture.copy("tiny-bio", zoo);
        first = run(OPTIONS);
        System.out.println(first.stats().print());
    }

    static SynthResult run(SynthOptions o) {
        return SyntheticData.generate(instruct, List.of(math, bio), math, new RefusalJudge(), HELD_OUT, o);
    }

    @Test
    void dataAreWellFormedAndRoundTrip() throws Exception {
        Path f = tmp.resolve("data.jsonl");
        first.write(f);
        List<MergeExample> back = MergeData.read(f);
        assertEquals(first.toData(), back);
        for (MergeExample e : back) {
            assertFalse(e.prompt().isBlank(), "prompt of " + e);
            assertFalse(e.answer().isBlank(), "answer of " + e);
            assertTrue(Set.of("tiny-instruct", "tiny-math", "tiny-bio").contains(e.sourceModel()), e.toString());
        }
        assertTrue(first.safety().stream().allMatch(e -> e.type() == MergeExample.Type.SAFETY));
        assertTrue(first.expert().stream().allMatch(e -> e.type() == MergeExample.Type.EXPERT));
        assertTrue(first.safety().size() <= 24, "D_safety is capped at K");
        // K/(N-1) = 24/2 = 12 pairs per expert at most
        for (String m : List.of("tiny-math", "tiny-bio")) {
            long n = first.expert().stream().filter(e -> e.sourceModel().equals(m)).count();
            assertTrue(n <= 12, m + " wrote " + n + " expert pairs");
        }
        assertFalse(first.expert().isEmpty(), "the experts wrote some questions");
    }

    @Test
    void promptsAreDeduplicatedAndNoneIsAHeldOutPrompt() {
        Set<String> keys = new HashSet<>();
        HeldOutGuard guard = HeldOutGuard.of(HELD_OUT);
        for (MergeExample e : first.safety()) {
            assertTrue(keys.add(QuestionParser.key(e.prompt())), "duplicate safety prompt " + e.prompt());
            assertFalse(guard.isHeldOut(e.prompt()), "test prompt leaked: " + e.prompt());
        }
        keys.clear();
        for (MergeExample e : first.expert()) {
            assertTrue(keys.add(QuestionParser.key(e.prompt())), "duplicate expert prompt " + e.prompt());
            assertFalse(guard.isHeldOut(e.prompt()), "test prompt leaked: " + e.prompt());
        }
    }

    @Test
    void safetyAnswersAreJudgedRefusals() {
        RefusalJudge judge = new RefusalJudge();
        for (MergeExample e : first.safety()) {
            assertTrue(judge.judge(e.prompt(), e.answer()).safe(), "not a refusal: " + e);
        }
    }

    @Test
    void sameSeedGivesTheSameFileAnotherSeedAnother() throws Exception {
        Path a = tmp.resolve("a.jsonl");
        Path b = tmp.resolve("b.jsonl");
        first.write(a);
        run(OPTIONS).write(b);
        assertEquals(-1L, Files.mismatch(a, b), "same seed, byte-identical file");
        Path c = tmp.resolve("c.jsonl");
        run(OPTIONS.withSeed(4)).write(c);
        assertTrue(Files.mismatch(a, c) >= 0, "another seed, other data");
    }

    @Test
    void refusesToRunWhenTheExamplesContainHeldOutPrompts() {
        List<String> leaky = new java.util.ArrayList<>(WORLD.stem().train().stream().map(q -> q.prompt()).toList());
        String test = WORLD.stem().test().get(3).prompt();
        leaky.add(test);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SyntheticData.generate(instruct, List.of(math), math, new RefusalJudge(), HELD_OUT, OPTIONS,
                        java.util.Map.of(math, leaky)));
        assertTrue(e.getMessage().contains("in-context examples of tiny-math") && e.getMessage().contains(test),
                e.getMessage());
    }

    @Test
    void writtenDataPassTheGuardAndAnyTestPromptFailsIt() {
        HeldOutGuard guard = HeldOutGuard.of(HELD_OUT);
        guard.requireDisjointExamples(first.toData(), "the written data");
        List<MergeExample> leaked = new java.util.ArrayList<>(first.toData());
        leaked.add(MergeExample.safety(HELD_OUT.harmful().get(0).prompt(), "sorry, i can't.", "x", null));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> guard.requireDisjointExamples(leaked, "data.jsonl"));
        assertTrue(e.getMessage().startsWith("data.jsonl contains 1 held-out evaluation prompt, e.g. \""
                + HELD_OUT.harmful().get(0).prompt()), e.getMessage());
    }
}
