package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.experiment.ResultCsv;
import org.safemerge.experiment.ResultRow;
import org.safemerge.merge.Recipe;

/**
 * {@code safemerge reproduce --quick} end to end on the shipped tiny world: the tables are well formed (exact columns,
 * the expected rows per pool, percentages), tables.md has the tables and the three findings, every pool has its
 * plots, and every recipe parses. The findings themselves are checked by the full run.
 */
class ReproduceCliTest {
    private static final Path ROOT = Path.of(System.getProperty("safemerge.root", ".."));
    private static final Path WORLD = ROOT.resolve("datasets/tiny-world");

    @Test
    @Tag("slow")
    void quickRunWritesWellFormedTablesPlotsAndRecipes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results");
        Cli.Result r = Cli.run("reproduce", "--quick", "--world", WORLD.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());

        List<ResultRow> t1 = ResultCsv.read(out.resolve("table1.csv")); // checks header, vocabularies, [0, 100]
        List<ResultRow> t2 = ResultCsv.read(out.resolve("table2.csv"));
        assertEquals("pool,method,weighting,data,alignment,domain_acc,model",
                Files.readAllLines(out.resolve("table1.csv")).get(0));
        Set<String> twoModel = merges("ties", "dare_ties", "slerp");
        assertEquals(keys(t1, "instruct+math"), with(twoModel, "parent:tiny-instruct", "parent:tiny-math"));
        assertEquals(keys(t1, "instruct+bio"), with(twoModel, "parent:tiny-instruct", "parent:tiny-bio"));
        assertEquals(keys(t2, "instruct+wizard+math"), with(merges("ties", "dare_ties"), "parent:tiny-instruct",
                "parent:tiny-wizard", "parent:tiny-math"));
        assertEquals(2 * (2 + 11), t1.size());
        assertEquals(3 + 8, t2.size());

        String md = Files.readString(out.resolve("tables.md"));
        assertTrue(md.contains("## Table 1: two-model pools") && md.contains("## Table 2: three-model pool"), md);
        assertTrue(md.contains("| ties | evomm | expert+safety |"), md);
        for (int i = 1; i <= 3; i++) {
            assertTrue(md.contains("\n" + i + ". ") , "finding " + i + " missing:\n" + md);
        }
        assertEquals(3, md.lines().filter(l -> l.endsWith("**HOLDS**") || l.endsWith("**DOES NOT HOLD**")).count(),
                md);
        assertTrue(r.out().contains("| Merge | Weighting | Data |"), "the tables are printed");
        assertTrue(r.out().contains("merge data "), "stdout says where the merge data came from");

        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        for (String pool : List.of("instruct+math", "instruct+bio", "instruct+wizard+math")) {
            for (String plot : List.of("alignment-vs-accuracy-", "evomm-objective-")) {
                Path f = out.resolve(plot + pool + ".png");
                assertArrayEquals(png, Arrays.copyOf(Files.readAllBytes(f), 4), f.toString());
            }
        }
        List<Path> recipes;
        try (Stream<Path> s = Files.walk(out.resolve("recipes"))) {
            recipes = s.filter(p -> p.toString().endsWith(".yml")).toList();
        }
        assertEquals(2 * 11 + 8, recipes.size(), recipes.toString());
        for (Path y : recipes) {
            Recipe recipe = Recipe.load(y);
            assertTrue(List.of("ties", "dare_ties", "slerp", "linear").contains(recipe.mergeMethod()), y.toString());
        }
        assertTrue(Files.isRegularFile(out.resolve("data/instruct+bio/merge-data.jsonl")));
    }

    @Test
    @Tag("slow")
    void anAblationSweepWritesItsOwnTable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sweep");
        // with the paper's genome, which gives the instruct model genes too
        Cli.Result r = Cli.run("reproduce", "--quick", "--no-tables", "--budget-sweep", "2,3", "--k", "20",
                "--eval-limit", "10", "--genome", "pool", "--world", WORLD.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        List<String> csv = Files.readAllLines(out.resolve("ablation-budget.csv"));
        assertEquals(List.of("parameter", "value", "alignment", "domain_acc", "objective"),
                Arrays.asList(csv.get(0).split(",")));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("budget,2,") && csv.get(2).startsWith("budget,3,"), csv.toString());
        for (String line : csv.subList(1, 3)) {
            String[] f = line.split(",");
            for (int i = 2; i <= 3; i++) {
                double v = Double.parseDouble(f[i]);
                assertTrue(v >= 0 && v <= 100, line);
            }
        }
        String md = Files.readString(out.resolve("ablation-budget.md"));
        assertTrue(md.contains("| budget | alignment | domain acc | objective |"), md);
        assertTrue(Files.notExists(out.resolve("table1.csv")), "--no-tables runs no table");
    }

    @Test
    void badOptionsAreRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Cli.Result k = Cli.run("reproduce", "--k", "0", "--out", dir.resolve("a").toString());
        assertEquals(2, k.exitCode(), k.toString());
        assertTrue(k.err().contains("--k must be at least 1"), k.err());
        Cli.Result pool = Cli.run("reproduce", "--pools", "instruct+chem", "--out", dir.resolve("b").toString());
        assertEquals(2, pool.exitCode(), pool.toString());
        assertTrue(pool.err().contains("no pool 'instruct+chem'"), pool.err());
        Cli.Result genome = Cli.run("reproduce", "--genome", "everyone", "--out", dir.resolve("g").toString());
        assertEquals(2, genome.exitCode(), genome.toString());
        assertTrue(genome.err().contains("--genome") && genome.err().contains("everyone"), genome.err());
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "mine");
        Cli.Result out = Cli.run("reproduce", "--quick", "--out", busy.toString());
        assertEquals(2, out.exitCode(), out.toString());
        assertTrue(out.err().contains("holds no earlier reproduction"), out.err());
        assertEquals("mine", Files.readString(busy.resolve("notes.txt")));
        Cli.Result sweep = Cli.run("reproduce", "--no-tables", "--out", dir.resolve("c").toString());
        assertEquals(2, sweep.exitCode(), sweep.toString());
    }

    /** @return every merge row's key for the methods: grid, EvoMM both ways; plus LM-Cocktail both ways */
    private static Set<String> merges(String... methods) {
        Set<String> s = new HashSet<>();
        for (String m : methods) {
            s.add(m + "/grid/-");
            s.add(m + "/evomm/expert");
            s.add(m + "/evomm/expert+safety");
        }
        s.add("linear/lm-cocktail/expert");
        s.add("linear/lm-cocktail/expert+safety");
        return s;
    }

    private static Set<String> with(Set<String> merges, String... parents) {
        Set<String> s = new HashSet<>(merges);
        for (String p : parents) {
            s.add("parent/-/-/" + p.substring("parent:".length()));
        }
        return s;
    }

    private static Set<String> keys(List<ResultRow> rows, String pool) {
        return rows.stream().filter(r -> r.pool().equals(pool))
                .map(r -> r.method() + "/" + r.weighting() + "/" + r.data() + (r.isParent() ? "/" + r.model() : ""))
                .collect(Collectors.toSet());
    }
}
