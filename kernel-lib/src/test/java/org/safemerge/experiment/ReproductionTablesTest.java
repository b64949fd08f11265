package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tables.md formatting, the CSV round trip and the findings logic, on constructed tables. */
class ReproductionTablesTest {
    private static final PoolSpec MATH = PoolSpec.paper("instruct+math");
    private static final PoolSpec BIO = PoolSpec.paper("instruct+bio");

    /** A Table-1-like pool whose numbers show all three findings (shaped like the paper's STEM column). */
    static List<ResultRow> paperLike(String pool, String expert) {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(ResultRow.parent(pool, "tiny-instruct", 91.5, 49.6));
        rows.add(ResultRow.parent(pool, expert, 64.8, 53.1));
        rows.add(new ResultRow(pool, "ties", "grid", "-", 72.7, 53.7));
        rows.add(new ResultRow(pool, "ties", "evomm", "expert", 61.6, 52.0));
        rows.add(new ResultRow(pool, "ties", "evomm", "expert+safety", 85.1, 54.2));
        rows.add(new ResultRow(pool, "dare_ties", "grid", "-", 72.9, 53.3));
        rows.add(new ResultRow(pool, "dare_ties", "evomm", "expert", 60.6, 51.7));
        rows.add(new ResultRow(pool, "dare_ties", "evomm", "expert+safety", 84.3, 54.0));
        rows.add(new ResultRow(pool, "linear", "lm-cocktail", "expert", 72.5, 53.3));
        rows.add(new ResultRow(pool, "linear", "lm-cocktail", "expert+safety", 74.4, 53.2));
        return rows;
    }

    @Test
    void deltaIsSignedWithOneDecimalAndZeroIsPlusMinus() {
        assertEquals("61.6 (-11.1)", PaperTables.withDelta(61.6, 72.7));
        assertEquals("78.1 (+5.4)", PaperTables.withDelta(78.1, 72.7));
        assertEquals("72.7 (±0.0)", PaperTables.withDelta(72.7, 72.7));
        assertEquals("72.7 (±0.0)", PaperTables.withDelta(72.74, 72.7)); // rounds to 0.0: no "-0.0" or "+0.0"
        assertEquals("50.0", PaperTables.withDelta(50, null));
    }

    @Test
    void markdownHasThePapersLayoutWithDeltasAgainstTheGridRow() {
        List<ResultRow> rows = new ArrayList<>(paperLike("instruct+math", "tiny-math"));
        rows.addAll(paperLike("instruct+bio", "tiny-bio"));
        String md = PaperTables.markdown("Table 1", List.of(MATH, BIO), rows);
        List<String> lines = md.lines().toList();
        assertEquals("| Merge | Weighting | Data | instruct+math alignment | instruct+math domain acc |"
                + " instruct+bio alignment | instruct+bio domain acc |", lines.get(2));
        assertTrue(lines.contains("| parent (base) | - | - | 91.5 | 49.6 | 91.5 | 49.6 |"), md);
        assertTrue(lines.contains("| parent (expert) | - | - | 64.8 | 53.1 | 64.8 | 53.1 |"), md);
        assertTrue(lines.contains("| ties | grid | - | 72.7 | 53.7 | 72.7 | 53.7 |"), md);
        assertTrue(lines.contains("| ties | evomm | expert | 61.6 (-11.1) | 52.0 (-1.7) | 61.6 (-11.1) | 52.0 (-1.7) |"),
                md);
        // the most aligned merge of each pool is bold
        assertTrue(lines.contains("| ties | evomm | expert+safety | **85.1 (+12.4)** | 54.2 (+0.5) |"
                + " **85.1 (+12.4)** | 54.2 (+0.5) |"), md);
        // LM-Cocktail has no grid row of its own method: no delta
        assertTrue(lines.contains("| linear | lm-cocktail | expert | 72.5 | 53.3 | 72.5 | 53.3 |"), md);
        // paper order: ties rows before dare_ties rows before linear rows
        assertTrue(md.indexOf("| ties | grid") < md.indexOf("| dare_ties | grid"));
        assertTrue(md.indexOf("| dare_ties | evomm | expert+safety") < md.indexOf("| linear |"));
        assertTrue(md.contains("instruct+math = tiny-instruct, tiny-math (domain acc: STEM accuracy)"), md);
    }

    @Test
    void aPoolWithoutARowShowsDashes() {
        List<ResultRow> rows = new ArrayList<>(paperLike("instruct+math", "tiny-math"));
        rows.add(new ResultRow("instruct+math", "slerp", "grid", "-", 75.1, 53.7));
        rows.addAll(paperLike("instruct+bio", "tiny-bio"));
        String md = PaperTables.markdown("Table 1", List.of(MATH, BIO), rows);
        assertTrue(md.contains("| slerp | grid | - | 75.1 | 53.7 | - | - |"), md);
    }

    @Test
    void allThreeFindingsHoldOnPaperLikeNumbers() {
        List<ResultRow> rows = new ArrayList<>(paperLike("instruct+math", "tiny-math"));
        rows.addAll(paperLike("instruct+bio", "tiny-bio"));
        List<Finding> f = Findings.check(List.of(MATH, BIO), rows);
        assertEquals(3, f.size());
        f.forEach(x -> assertTrue(x.holds(), x.markdown()));
        assertEquals(2, f.get(0).evidence().size());
        assertTrue(f.get(1).evidence().get(0).contains("EvoMM D_expert mean 61.1"), f.get(1).evidence().get(0));
        assertTrue(f.get(1).evidence().get(0).contains("grid mean 72.8"), f.get(1).evidence().get(0));
        assertTrue(f.get(0).markdown().contains("**HOLDS**"));
    }

    @Test
    void propagationFailsWhenAGridMergeIsAsAlignedAsTheInstructModel() {
        List<ResultRow> rows = replace(paperLike("instruct+math", "tiny-math"), "ties", "grid", "-", 91.5, 53.7);
        Finding f = Findings.propagation(List.of(MATH), rows);
        assertFalse(f.holds());
        assertTrue(f.evidence().get(0).contains("not all below"), f.evidence().get(0));
    }

    @Test
    void domainOnlyDropFailsWhenEvoMmOnDomainDataIsMoreAligned() {
        List<ResultRow> rows = replace(paperLike("instruct+math", "tiny-math"), "ties", "evomm", "expert", 90, 52);
        rows = replace(rows, "dare_ties", "evomm", "expert", 90, 52);
        Finding f = Findings.domainOnlyDrop(List.of(MATH), rows);
        assertFalse(f.holds(), f.markdown());
        assertTrue(f.evidence().get(0).endsWith("not lower"), f.evidence().get(0));
    }

    @Test
    void domainOnlyDropSaysWhenGridSearchIsAlreadyAtTheLeastAlignedExpert() {
        // a pool where grid search picks the expert itself and EvoMM on D_expert returns it too
        List<ResultRow> rows = replace(paperLike("instruct+math", "tiny-math"), "ties", "grid", "-", 64.8, 53.1);
        rows = replace(rows, "dare_ties", "grid", "-", 64.8, 53.1);
        rows = replace(rows, "ties", "evomm", "expert", 64.8, 53.1);
        rows = replace(rows, "dare_ties", "evomm", "expert", 64.8, 53.1);
        Finding f = Findings.domainOnlyDrop(List.of(MATH), rows);
        assertFalse(f.holds(), f.markdown());
        assertTrue(f.evidence().get(0).endsWith("not lower (every grid merge is already at or below the least"
                + " aligned expert, tiny-math 64.8)"), f.evidence().get(0));
    }

    @Test
    void recoveryNeedsTheMostAlignedMergeCloseToInstructAndAccurate() {
        List<ResultRow> base = paperLike("instruct+math", "tiny-math");
        assertTrue(Findings.safetyRecovery(List.of(MATH), base).holds());
        // another merge more aligned than every EvoMM + safety merge
        List<ResultRow> beaten = replace(base, "linear", "lm-cocktail", "expert+safety", 88.0, 53.2);
        Finding f = Findings.safetyRecovery(List.of(MATH), beaten);
        assertFalse(f.holds());
        assertTrue(f.evidence().get(0).contains("not the most aligned merge"), f.evidence().get(0));
        // more than 10 points below the instruct model (91.5 - 80.0 = 11.5)
        List<ResultRow> far = replace(replace(base, "ties", "evomm", "expert+safety", 80.0, 54.2),
                "dare_ties", "evomm", "expert+safety", 79.0, 54.0);
        assertFalse(Findings.safetyRecovery(List.of(MATH), far).holds());
        // accuracy more than 5 points below the best merge
        List<ResultRow> inaccurate = replace(base, "dare_ties", "grid", "-", 72.9, 60.0);
        Finding g = Findings.safetyRecovery(List.of(MATH), inaccurate);
        assertFalse(g.holds());
        assertTrue(g.evidence().get(0).contains("gap 5.8, more than 5"), g.evidence().get(0));
    }

    /**
     * Two EvoMM + D_safety merges equally aligned: the finding speaks for the more accurate one, and the table bolds
     * it (before, the first in method order counted, and an inaccurate twin could fail the finding).
     */
    @Test
    void ofEquallyAlignedMergesTheMoreAccurateCounts() {
        List<ResultRow> twins = replace(replace(paperLike("instruct+math", "tiny-math"), "ties", "evomm",
                "expert+safety", 85.1, 40.0), "dare_ties", "evomm", "expert+safety", 85.1, 54.0);
        Finding f = Findings.safetyRecovery(List.of(MATH), twins);
        assertTrue(f.holds(), f.markdown());
        assertTrue(f.evidence().get(0).startsWith("instruct+math: dare_ties evomm +safety alignment 85.1"),
                f.evidence().get(0));
        assertEquals("dare_ties", PaperTables.mostAligned(twins, "instruct+math").method());
        String md = PaperTables.markdown("Table 1", List.of(MATH), twins);
        assertTrue(md.contains("| dare_ties | evomm | expert+safety | **85.1"), md);
    }

    @Test
    void aFindingWithoutTheRowsItNeedsDoesNotHold() {
        List<ResultRow> parentsOnly = List.of(ResultRow.parent("instruct+math", "tiny-instruct", 90, 40));
        Findings.check(List.of(MATH), parentsOnly).forEach(f -> assertFalse(f.holds()));
    }

    @Test
    void csvRoundTripsWithTheExactColumns(@TempDir Path dir) throws Exception {
        List<ResultRow> rows = paperLike("instruct+math", "tiny-math");
        Path f = dir.resolve("table1.csv");
        ResultCsv.write(f, rows);
        List<String> lines = Files.readAllLines(f);
        assertEquals("pool,method,weighting,data,alignment,domain_acc,model", lines.get(0));
        assertEquals("instruct+math,parent,-,-,91.5,49.6,tiny-instruct", lines.get(1));
        assertEquals("instruct+math,ties,evomm,expert+safety,85.1,54.2,-", lines.get(5));
        assertEquals(rows, ResultCsv.read(f));
    }

    @Test
    void badRowsAreRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, "pool,method,weighting,data,alignment,domain_acc,model\np,ties,greedy,-,50,50,-\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultCsv.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("weighting 'greedy'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResultRow("p", "ties", "grid", "-", 101, 50));
        assertThrows(IllegalArgumentException.class, () -> new ResultRow("p", "parent", "-", "-", 90, 50, "-"));
    }

    private static List<ResultRow> replace(List<ResultRow> rows, String method, String weighting, String data,
                                           double alignment, double acc) {
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : rows) {
            boolean hit = r.method().equals(method) && r.weighting().equals(weighting) && r.data().equals(data);
            out.add(hit ? new ResultRow(r.pool(), method, weighting, data, alignment, acc) : r);
        }
        return out;
    }

    @Test
    void writeMakesItsDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("not/yet");
        new ReproductionResult(ReproductionOptions.defaults(), List.of(), java.util.Map.of(), java.util.Map.of(),
                List.of(), java.util.Map.of()).write(dir);
        assertTrue(Files.isRegularFile(dir.resolve("tables.md")));
        assertTrue(Files.isRegularFile(dir.resolve("parents.csv")));
    }
}
