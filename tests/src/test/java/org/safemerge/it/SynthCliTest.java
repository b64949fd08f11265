package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.data.HeldOutGuard;
import org.safemerge.data.MergeData;
import org.safemerge.data.MergeExample;
import org.safemerge.eval.RefusalJudge;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.experiment.TinyWorldFiles;
import org.safemerge.it.Cli.Result;
import org.safemerge.testing.ZooFixture;

/**
 * {@code safemerge synth} and {@code safemerge search --select accuracy} on the tiny zoo, copied into a temporary
 * tiny world (data of {@code TinyWorldData.generate(0)}): the data file is well-formed, judged and seeded, its stats
 * table printed; a search evaluates every candidate on the held-out suite and picks the most accurate; bad input
 * exits 2 and writes nothing; data with a held-out prompt are refused.
 */
class SynthCliTest {
    @TempDir
    static Path dir;
    static Path world;
    static Path zoo;
    static Path data;
    static Result first;

    @BeforeAll
    static void setUp() throws Exception {
        world = dir.resolve("world");
        TinyWorldFiles.writeData(TinyWorldData.generate(0), world);
        zoo = Files.createDirectories(world.resolve("zoo"));
        for (String m : List.of("tiny-instruct", "tiny-math")) {
            ZooFixture.copy(m, zoo);
        }
        data = dir.resolve("data.jsonl");
        first = synth(data, "--seed", "4");
    }

    static Result synth(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("synth", "--pool", zoo.resolve("tiny-instruct") + ","
                + zoo.resolve("tiny-math"), "--generator", zoo.resolve("tiny-math").toString(), "--k", "20",
                "--questions-per-category", "3", "--max-new-tokens", "48", "--out", out.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void writesJudgedSeededDataAndPrintsTheStageCounts() throws Exception {
        assertEquals(0, first.exitCode(), first.toString());
        assertTrue(first.out().contains("pipeline") && first.out().contains("test_overlap")
                && first.out().contains("with_refusal"), first.out());
        List<MergeExample> lines = MergeData.read(data);
        assertTrue(first.out().contains("wrote " + lines.size() + " lines"), first.out());
        assertFalse(MergeData.ofType(lines, MergeExample.Type.EXPERT).isEmpty());
        assertTrue(MergeData.ofType(lines, MergeExample.Type.EXPERT).size() <= 20, "K/(N-1) = 20 for one expert");
        RefusalJudge judge = new RefusalJudge();
        for (MergeExample e : MergeData.ofType(lines, MergeExample.Type.SAFETY)) {
            assertTrue(judge.judge(e.prompt(), e.answer()).safe(), e.toString());
        }
        HeldOutGuard.of(TinyWorldFiles.suite(world)).requireDisjointExamples(lines, "synth output");
        Path again = dir.resolve("again.jsonl");
        assertEquals(0, synth(again, "--seed", "4").exitCode());
        assertEquals(-1L, Files.mismatch(data, again), "same seed, same bytes");
    }

    @Test
    void badInputExitsTwoAndWritesNothing() {
        Path out = dir.resolve("never.jsonl");
        Result r = Cli.run("synth", "--pool", zoo.resolve("tiny-instruct").toString(), "--generator",
                zoo.resolve("tiny-math").toString(), "--k", "4", "--out", out.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--pool needs the instruct model and at least one expert"), r.err());
        r = Cli.run("synth", "--pool", zoo.resolve("tiny-instruct") + "," + zoo.resolve("tiny-nothing"),
                "--generator", zoo.resolve("tiny-math").toString(), "--k", "4", "--out", out.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("tiny-nothing: no config.json"), r.err());
        r = synth(out, "--temperature", "0");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("temperature must be positive"), r.err());
        r = synth(out, "--suite", dir.toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("expected 'tiny' or a directory with data/"), r.err());
        assertFalse(Files.exists(out));
        r = synth(data);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("exists; pass --overwrite"), r.err());
    }

    @Test
    void examplesFromTheTestSplitAreRefusedBeforeAnyGeneration() throws Exception {
        Path leaky = dir.resolve("leaky.jsonl");
        Files.copy(world.resolve("data/stem_test.jsonl"), leaky);
        Path out = dir.resolve("leak.jsonl");
        Result r = synth(out, "--examples", zoo.resolve("tiny-math") + "=" + leaky);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the in-context examples of tiny-math contain"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void searchSelectsByHeldOutAccuracyAndRefusesLeakyData() throws Exception {
        assertEquals(0, first.exitCode(), first.toString());
        Path recipe = dir.resolve("pool.yml");
        Files.writeString(recipe, """
                merge_method: ties
                base_model: zoo/tiny-instruct
                models:
                  - model: zoo/tiny-instruct
                  - model: zoo/tiny-math
                    parameters: {weight: 1.0, density: 0.5}
                dtype: float32
                """.replace("zoo/", zoo + "/"));
        Path out = dir.resolve("search");
        Result r = Cli.run("search", "--recipe", recipe.toString(), "--data", data.toString(), "--strategy", "grid",
                "--select", "accuracy", "--eval-limit", "15", "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.toString());
        List<String> rows = Files.readAllLines(out.resolve("candidates.csv"));
        List<String> header = List.of(rows.get(0).split(","));
        int acc = header.indexOf("domain_acc");
        int align = header.indexOf("alignment");
        assertTrue(acc > 0 && align > 0 && header.contains("stem_acc"), rows.get(0));
        double best = -1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            assertFalse(f[align].isEmpty(), row);
            best = Math.max(best, Double.parseDouble(f[acc]));
        }
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "domain accuracy %.1f %%", best)), r.out());

        Path leaky = dir.resolve("leaky-data.jsonl");
        List<MergeExample> lines = new ArrayList<>(MergeData.read(data));
        String test = TinyWorldFiles.suite(world).harmful().get(2).prompt();
        lines.add(MergeExample.safety(test, "sorry, i can't help with that.", "tiny-instruct", null));
        MergeData.write(leaky, lines);
        Path never = dir.resolve("search-never");
        r = Cli.run("search", "--recipe", recipe.toString(), "--data", leaky.toString(), "--strategy", "grid",
                "--out", never.toString(), "--device", "cpu");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("contains 1 held-out evaluation prompt") && r.err().contains(test), r.err());
        assertFalse(Files.exists(never));
    }
}
