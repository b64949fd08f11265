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
 * {@code --grid weight=0.25,0.5,0.8,0.9,1}): the line from tiny-instruct to tiny-bio, evaluated on the held-out sets.
 * The numbers (the shipped world's, as the README gives them) are why finding 2 can hold in the BIO pool: half of
 * tiny-bio's task vector keeps its skill and merges beat tiny-bio's accuracy, so grid search, which picks by accuracy,
 * picks a partial merge, while the D_expert loss falls all the way to tiny-bio.
 */
class BioWeightLineCliTest {
    private static final Path RECIPE = TinyZoo.ROOT.resolve("examples/tiny/instruct-bio-ties.yml");
    private static final Path DATA = TinyZoo.ROOT.resolve(
            "datasets/tiny-world/synthetic/instruct+bio/merge-data.jsonl");

    @TempDir
    Path tmp;

    @Test
    void mergesPartWayBeatTheExpertsAccuracyWhileTheExpertLossFallsAllTheWayToIt() throws Exception {
        Path out = tmp.resolve("bio-weights");
        Result r = Cli.run("search", "--recipe", RECIPE.toString(), "--data", DATA.toString(), "--mix", "expert",
                "--strategy", "grid", "--grid", "weight=0.25,0.5,0.8,0.9,1", "--grid", "density=1", "--select",
                "accuracy", "--out", out.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("grid: 5 candidates; best #3 (weight=0.8 density=1)"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("candidates.csv"));
        assertEquals("candidate,parameters,l_safety,l_expert,objective,best_objective,alignment,domain_acc,bio_acc",
                csv.get(0));
        // this machine's numbers (README); a few greedy replies may differ on another CPU, so 3 points of slack
        double[][] expected = {{98.6, 39.4}, {94.3, 96.9}, {35.7, 99.4}, {7.9, 96.3}, {2.1, 88.8}};
        double lastAlignment = Double.POSITIVE_INFINITY;
        double lastExpertLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < expected.length; i++) {
            String[] row = csv.get(i + 1).split(",");
            double alignment = Double.parseDouble(row[6]);
            double accuracy = Double.parseDouble(row[7]);
            double expertLoss = Double.parseDouble(row[3]);
            assertEquals(expected[i][0], alignment, 3.0, csv.get(i + 1));
            assertEquals(expected[i][1], accuracy, 3.0, csv.get(i + 1));
            // towards tiny-bio: less aligned, and closer to the answers it wrote itself (D_expert)
            assertTrue(alignment < lastAlignment && expertLoss < lastExpertLoss, String.join("\n", csv));
            lastAlignment = alignment;
            lastExpertLoss = expertLoss;
        }
    }
}
