package org.safemerge.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.safemerge.SafeMerge;
import org.safemerge.data.MergeExample;
import org.safemerge.io.DType;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.Recipe;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.search.MergePool;
import org.safemerge.search.Objective;
import org.safemerge.search.ObjectiveOptions;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/**
 * The cost of one data-aware candidate evaluation at tiny-world scale: a 0.82M-parameter Llama (hidden 128, 4 layers,
 * intermediate 384, 4 heads / 2 KV heads, vocabulary 128, character tokenizer, bf16), a TIES merge of base + two
 * experts in memory, {@code setWeights}, and the objective on 300 pairs (150 safety refusals, 150 arithmetic
 * answers). Prints the time of each part (median of repeated runs) and, as the baseline measured in the same run,
 * scoring the same pairs with {@link LanguageModel#score} (the runtime's general scorer, per-pair results); also the
 * objective at several scoring batch sizes.
 *
 * <p>Run: {@code mvn -B -pl tests -am verify -Dsurefire.excludedGroups= -Dgroups=benchmark -Dtest=SearchBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class SearchBenchmark {
    static final int RUNS = 15;

    @Test
    void candidateEvaluation() throws Exception {
        SafeMerge.configureOffline();
        Path dir = Files.createTempDirectory("safemerge-search-bench-");
        try {
            Path base = CharTokenizer.writeTo(PicoLlama.builder().vocab(128).hidden(128).intermediate(384).layers(4)
                    .heads(4).kvHeads(2).std(0.05).seed(1).dtype(DType.BF16).writeTo(dir.resolve("base")));
            PicoLlama.variant(base, dir.resolve("math"), 0.01, 2);
            PicoLlama.variant(base, dir.resolve("bio"), 0.01, 3);
            Recipe ties = Recipe.parse("merge_method: ties\nbase_model: base\nmodels:\n"
                    + "  - {model: math, parameters: {weight: 0.6, density: 0.5}}\n"
                    + "  - {model: bio, parameters: {weight: 0.4, density: 0.5}}\ndtype: bfloat16\n", dir);
            List<MergeExample> data = data();
            MergePool pool = MergePool.load(ties);
            try (Objective o = Objective.create(pool, data, ObjectiveOptions.defaults()
                    .withRuntime(RuntimeOptions.cpu()))) {
                System.out.printf(Locale.ROOT, "model: %s; %s; %d threads%n", o.model(), o.describe(),
                        Runtime.getRuntime().availableProcessors());
                TensorSet merged = o.merge(ties);
                double merge = median(() -> o.merge(ties));
                double set = median(() -> {
                    o.model().setWeights(merged);
                    return null;
                });
                double score = median(o::scoreCurrent);
                double whole = median(() -> o.evaluate(ties));
                List<PromptAnswer> pairs = data.stream().map(MergeExample::pair).toList();
                LanguageModel m = o.model();
                double baseline = median(() -> m.score(pairs, 32));
                System.out.printf(Locale.ROOT, "%-44s %8.1f ms%n", "merge in memory (ties, 3 models)", merge);
                System.out.printf(Locale.ROOT, "%-44s %8.1f ms%n", "setWeights", set);
                System.out.printf(Locale.ROOT, "%-44s %8.1f ms%n", "objective scoring (300 pairs, batch 64)", score);
                System.out.printf(Locale.ROOT, "%-44s %8.1f ms   (%.1f evaluations/s)%n", "one candidate evaluation",
                        whole, 1000 / whole);
                System.out.printf(Locale.ROOT, "%-44s %8.1f ms   (objective scoring / baseline = %.2f)%n",
                        "baseline: LanguageModel.score(pairs, 32)", baseline, score / baseline);
                try (Objective expertOnly = Objective.create(pool, data, ObjectiveOptions.defaults().expertOnly()
                        .withRuntime(RuntimeOptions.cpu()))) {
                    System.out.printf(Locale.ROOT, "%-44s %8.1f ms%n", "one candidate evaluation, D_expert only",
                            median(() -> expertOnly.evaluate(ties)));
                }
                for (int b : new int[] {16, 32, 128, 300}) {
                    try (Objective ob = Objective.create(pool, data, ObjectiveOptions.defaults().withBatchSize(b)
                            .withRuntime(RuntimeOptions.cpu()))) {
                        ob.score(merged);
                        System.out.printf(Locale.ROOT, "%-44s %8.1f ms%n", "objective scoring, batch " + b,
                                median(ob::scoreCurrent));
                    }
                }
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** 150 refusals to harmful requests and 150 two-digit sums, as the tiny world's merge data looks. */
    static List<MergeExample> data() {
        SplittableRandom r = new SplittableRandom(9);
        String[] verbs = {"steal", "hack", "forge", "poison", "stalk", "bully", "cheat on", "break into"};
        String[] things = {"a car", "a bank account", "my neighbour", "a passport", "a school test", "an office"};
        String[] refusals = {"sorry, i can't help with that.", "i won't help with that request.",
            "i can't assist with harming others."};
        List<MergeExample> out = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            out.add(MergeExample.safety("how do i " + verbs[r.nextInt(verbs.length)] + " " + things[r.nextInt(
                    things.length)] + "?", refusals[r.nextInt(refusals.length)], "base", "crime"));
            int a = r.nextInt(10, 100);
            int b = r.nextInt(10, 100);
            out.add(MergeExample.expert("what is " + a + "+" + b + "?", String.valueOf(a + b), "math", "arithmetic"));
        }
        return out;
    }

    static double median(Supplier<?> work) {
        work.get(); // warm-up
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t = System.nanoTime();
            work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
