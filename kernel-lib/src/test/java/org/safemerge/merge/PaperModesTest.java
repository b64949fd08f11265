package org.safemerge.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.TensorSet;
import org.safemerge.tensor.FloatTensor;

/** The paper variants offered as options (REFERENCE.md A.8), and the model card hook for later sections. */
class PaperModesTest {
    static FloatTensor noise(long seed, int n, double std) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * std);
        }
        return FloatTensor.of(v, n / 100, 100);
    }

    final TensorSet base = new TensorSet().put("model.layers.0.big.weight", FloatTensor.zeros(100, 100))
            .put("model.layers.0.small.weight", FloatTensor.zeros(100, 100));
    final TensorSet a = new TensorSet().put("model.layers.0.big.weight", noise(1, 10_000, 1.0))
            .put("model.layers.0.small.weight", noise(2, 10_000, 0.01));
    final Map<String, TensorSet> pool = Map.of("base", base, "a", a);

    static long nonzero(FloatTensor t) {
        long n = 0;
        for (float v : t.data()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    TensorSet merge(String yaml) {
        return Merger.mergeInMemory(Recipe.parse(yaml, Path.of("")), pool, MergeOptions.defaults().withProgress(false));
    }

    @Test
    void tiesTopKOverTheWholeModel() {
        String ties = """
                merge_method: ties
                base_model: base
                models: [{model: a, parameters: {weight: 1, density: 0.5}}]
                parameters: {topk_scope: %s}
                """;
        TensorSet perTensor = merge(ties.formatted("tensor"));
        assertEquals(5000, nonzero(perTensor.get("model.layers.0.big.weight")));
        assertEquals(5000, nonzero(perTensor.get("model.layers.0.small.weight")));
        TensorSet global = merge(ties.formatted("model"));
        long big = nonzero(global.get("model.layers.0.big.weight"));
        long small = nonzero(global.get("model.layers.0.small.weight"));
        assertTrue(big + small >= 10_000 && big + small < 10_050, "half of the whole model: " + (big + small));
        assertTrue(big > 9_800 && small < 200, "the large task vector takes the budget: " + big + " / " + small);
    }

    @Test
    void inverseProbabilityRescale() {
        TensorSet dare = merge("""
                merge_method: dare_linear
                base_model: base
                models: [{model: a, parameters: {weight: 0.5, density: 0.25}}]
                parameters: {rescale_mode: inverse_probability}
                """);
        float[] out = dare.get("model.layers.0.big.weight").data();
        float[] tau = a.get("model.layers.0.big.weight").data();
        int kept = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] != 0) {
                assertEquals(0.5 * tau[i] / 0.25, out[i], 1e-6, "kept entries are divided by p");
                kept++;
            }
        }
        assertTrue(Math.abs(kept - 2500) < 5 * Math.sqrt(10_000 * 0.25 * 0.75), "kept " + kept);
        TensorSet della = merge("""
                merge_method: della_linear
                base_model: base
                models: [{model: a, parameters: {weight: 1, density: 0.5, epsilon: 0.2}}]
                parameters: {rescale_mode: inverse_probability}
                """);
        float[] d = della.get("model.layers.0.big.weight").data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] != 0) {
                double ratio = d[i] / tau[i];
                assertTrue(ratio >= 1 / 0.7 - 1e-4 && ratio <= 1 / 0.3 + 1e-4, "1/p within [1/0.7, 1/0.3]: "
                        + ratio);
            }
        }
        TensorSet l1 = merge("""
                merge_method: dare_linear
                base_model: base
                models: [{model: a, parameters: {weight: 1, density: 0.25}}]
                """);
        double want = 0;
        double got = 0;
        for (int i = 0; i < tau.length; i++) {
            want += Math.abs(tau[i]);
            got += Math.abs(l1.get("model.layers.0.big.weight").data()[i]);
        }
        assertEquals(want, got, want * 1e-5, "mergekit's default keeps the tensor's L1 norm exactly");
    }

    @Test
    void modelCardSectionsCanBeSetLater(@TempDir Path dir) throws Exception {
        MergePlan plan = MergePlan.of(Recipe.parse("""
                merge_method: ties
                base_model: base
                models: [{model: a, parameters: {weight: 1, density: 0.5}}]
                """, Path.of("")), MergeInputs.of(pool));
        MergeCard.write(dir, plan, plan.recipe().toYaml(), List.of(new MergeCard.Section("Notes", "first")));
        Path card = dir.resolve(MergeCard.FILE);
        MergeCard.setSection(card, "Safety evaluation", "score: 0.91");
        MergeCard.setSection(card, "Safety evaluation", "score: 0.93");
        MergeCard.setSection(card, "Notes", "second");
        String text = Files.readString(card);
        assertEquals(1, text.split("## Safety evaluation", -1).length - 1, text);
        assertTrue(text.contains("score: 0.93") && !text.contains("0.91") && text.contains("second")
                && !text.contains("first"), text);
        assertTrue(text.contains("[TIES-Merging](https://arxiv.org/abs/2306.01708)") && text.contains("```yaml"));
    }
}
