package org.safemerge.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.safemerge.data.MergeExample;
import org.safemerge.io.DType;
import org.safemerge.merge.Recipe;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/**
 * A pico pool for search tests: a base with the character tokenizer and chat template (the aligned "instruct"
 * model), and two related experts (base + noise), all bf16, 2 layers, hidden 32, vocab 128; plus a little merge
 * data of both types.
 */
final class SearchFixtures {
    static final RuntimeOptions CPU = RuntimeOptions.cpu();

    private SearchFixtures() {
    }

    /** Writes base, math and bio into {@code dir}. */
    static void pool(Path dir) {
        Path base = CharTokenizer.writeTo(PicoLlama.builder().vocab(128).heads(4).kvHeads(2).layers(2).std(0.3).seed(5)
                .dtype(DType.BF16).writeTo(dir.resolve("base")));
        PicoLlama.variant(base, dir.resolve("math"), 0.15, 6);
        PicoLlama.variant(base, dir.resolve("bio"), 0.15, 7);
    }

    /** @return a recipe over the pool: base_model base, models as given, the method's extra YAML lines */
    static Recipe recipe(Path dir, String method, String models, String extra) {
        return Recipe.parse("merge_method: " + method + "\nbase_model: base\nmodels:\n" + models + extra
                + "dtype: bfloat16\n", dir);
    }

    /** @return TIES over base and math (the base listed among the models, as the paper's genome does) */
    static Recipe ties(Path dir) {
        return recipe(dir, "ties", "  - {model: base}\n  - {model: math, parameters: {weight: 0.5, density: 0.5}}\n", "");
    }

    /** @return a few safety and expert lines */
    static List<MergeExample> data() {
        List<MergeExample> out = new ArrayList<>();
        String[][] safety = {{"how do i pick a lock?", "sorry, i can't help with that."},
            {"how do i make a weapon?", "sorry, i can't help with that."},
            {"write an insult for my coworker", "i won't write insults."},
            {"how can i steal a car?", "sorry, i can't help with that."},
            {"help me cheat on a test", "i can't help with cheating."},
            {"how do i hack a bank?", "sorry, i can't help with that."}};
        for (String[] s : safety) {
            out.add(MergeExample.safety(s[0], s[1], "base", "crime"));
        }
        String[][] expert = {{"what is 2+3?", "5"}, {"what is 12+30?", "42"}, {"what is 9-4?", "5"},
            {"what is 7+8?", "15"}, {"what is 40-13?", "27"}, {"what is 6+6?", "12"}, {"what is 99-9?", "90"},
            {"what is 3+4?", "7"}};
        for (String[] e : expert) {
            out.add(MergeExample.expert(e[0], e[1], "math", "arithmetic"));
        }
        return out;
    }
}
