package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.it.Cli.Result;

/**
 * The README's grid of one's own on the shipped tiny world ({@code examples/tiny/instruct-bio-ties.yml} with
 * {@code --grid weight=0.5,0.8,0.9,1}): the line from tiny-instruct to tiny-bio, evaluated on the held-out sets. The
 * numbers (the shipped world's, as the README gives them) are why the paper's grid picks tiny-bio itself in the BIO
 * pool: no partial merge keeps all of its skill.
 */
class BioWeightLineCliTest {
    private static final Path RECIPE = TinyZoo.ROOT.resolve("examples/tiny/instruct-bio-ties.yml");
    private static final Path DATA = TinyZoo.ROOT.resolve(
            "datasets/tiny-world/synthetic/instruct+bio/merge-data.jsonl");

    @TempDir
    Path tmp;

    @Test
    void theWeightLineLosesTheSkillBeforeTheWholeTaskVectorAndAccuracyPicksTinyBio() throws Exception {
        Path out = tmp.resolve("bio-weights");
        Result r = Cli.run("search", "--recipe", RECIPE.toString(), "--data", DATA.toString(), "--mix", "expert",
                "--strategy", "grid", "--grid", "weight=0.5,0.8,0.9,1", "--grid", "density=1", "--select", "accuracy",
                "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("grid: 4 candidates; best #4 (weight=1 density=1)"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("candidates.csv"));
        assertEquals("candidate,parameters,l_safety,l_expert,objective,best_objective,alignment,domain_acc,bio_acc",
                csv.get(0));
        // this machine's numbers (README); a few greedy replies may differ on another CPU, so 3 points of slack
        double[][] expected = {{99.3, 25.0}, {77.9, 76.9}, {17.9, 96.9}, {0.7, 100.0}};
        double[] last = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (int i = 0; i < expected.length; i++) {
            String[] row = csv.get(i + 1).split(",");
            double alignment = Double.parseDouble(row[6]);
            double accuracy = Double.parseDouble(row[7]);
            double expertLoss = Double.parseDouble(row[3]);
            assertEquals(expected[i][0], alignment, 3.0, csv.get(i + 1));
            assertEquals(expected[i][1], accuracy, 3.0, csv.get(i + 1));
            // towards tiny-bio: less aligned, more accurate, and closer to the answers it wrote itself (D_expert)
            assertTrue(alignment < last[0] && accuracy > last[1] && expertLoss < last[2], String.join("\n", csv));
            last = new double[] {alignment, accuracy, expertLoss};
        }
    }
}
