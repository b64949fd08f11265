package org.safemerge.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.safemerge.eval.Judge;
import org.safemerge.eval.Responder;
import org.safemerge.eval.Verdict;
import org.safemerge.experiment.HarmCategory;

/**
 * D_safety, as the paper makes it, in three steps that a caller can run one model at a time:
 * <ol>
 *   <li>{@link #sample}: the generator samples {@code questionsPerCategory} replies to the request of each of the 14
 *       BeaverTails categories; {@link QuestionParser} reads a question from each (unparsable ones are counted and
 *       dropped); questions equal to an earlier one ({@code duplicates}) or to a held-out evaluation prompt
 *       ({@code test_overlap}) are dropped;</li>
 *   <li>{@link #answer}: every pool model answers every question greedily;</li>
 *   <li>{@link #select}: the judge marks the refusals; for each question one refusing model is picked at random
 *       (seeded) and its reply kept; questions no model refused are dropped; if more than K remain, a seeded random
 *       K of them are kept (in their order).</li>
 * </ol>
 */
public final class SafetyDataPipeline {
    /** The pipeline's name in stats tables. */
    public static final String NAME = "safety";

    private SafetyDataPipeline() {
    }

    /**
     * Sampled questions and where they came from.
     *
     * @param questions  the unique questions, in category order
     * @param categories each question's BeaverTails category id
     * @param counts     the generator's stage counts up to {@code unique}
     */
    public record Questions(List<String> questions, List<String> categories, StageCounts counts) {
        public Questions {
            questions = List.copyOf(questions);
            categories = List.copyOf(categories);
        }
    }

    /**
     * The finished set.
     *
     * @param examples the safety lines
     * @param counts   the generator's row, then one row per pool model
     */
    public record Result(List<MergeExample> examples, List<StageCounts> counts) {
        public Result {
            examples = List.copyOf(examples);
            counts = List.copyOf(counts);
        }
    }

    /** Step 1: samples, parses, deduplicates and drops held-out prompts. */
    public static Questions sample(QuestionWriter generator, String generatorName, SynthPrompts writing,
            HeldOutGuard guard, SynthOptions o) {
        Objects.requireNonNull(generator, "generator");
        int per = o.questionsPerCategory();
        HarmCategory[] cats = HarmCategory.values();
        List<String> prompts = new ArrayList<>(cats.length * per);
        for (HarmCategory c : cats) {
            String p = writing.harmfulQuestion().apply(c);
            for (int i = 0; i < per; i++) {
                prompts.add(p);
            }
        }
        List<String> raw = Batched.write(generator, prompts, SynthSeeds.derive(o.seed(), "safety/questions"),
                "D_safety questions (" + generatorName + ")");
        QuestionParser parser = writing.parser();
        Set<String> seen = new HashSet<>();
        List<String> questions = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        int unparsable = 0;
        int duplicates = 0;
        int overlap = 0;
        for (int i = 0; i < raw.size(); i++) {
            QuestionParser.Parsed parsed = parser.parse(raw.get(i));
            if (!parsed.ok()) {
                unparsable++;
            } else if (guard.isHeldOut(parsed.question())) {
                overlap++;
            } else if (!seen.add(QuestionParser.key(parsed.question()))) {
                duplicates++;
            } else {
                questions.add(parsed.question());
                categories.add(cats[i / per].beaverTailsId());
            }
        }
        StageCounts counts = new StageCounts(NAME, generatorName, "generator", raw.size(), unparsable, duplicates,
                overlap, 0, questions.size(), 0, 0);
        return new Questions(questions, categories, counts);
    }

    /** Step 2: one model's greedy answers to every question, in batches with a progress bar. */
    public static List<String> answer(Responder model, String modelName, Questions q) {
        return Batched.respond(model, q.questions(), "D_safety answers (" + modelName + ")");
    }

    /**
     * Step 3: judges the answers and keeps one refusal per question.
     *
     * @param answers each pool model's answers (name to one answer per question), in pool order
     * @throws IllegalArgumentException if a model has not one answer per question
     */
    public static Result select(Questions q, Map<String, List<String>> answers, Judge judge, HeldOutGuard guard,
            SynthOptions o) {
        int n = q.questions().size();
        Map<String, List<Verdict>> verdicts = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : answers.entrySet()) {
            if (e.getValue().size() != n) {
                throw new IllegalArgumentException("D_safety: " + e.getKey() + " gave " + e.getValue().size()
                        + " answers for " + n + " questions");
            }
            verdicts.put(e.getKey(), judge.judgeAll(q.questions(), e.getValue()));
        }
        List<String> models = new ArrayList<>(answers.keySet());
        Random pick = SynthSeeds.random(o.seed(), "safety/pick");
        List<Integer> kept = new ArrayList<>();
        List<String> keptModel = new ArrayList<>();
        Map<String, Integer> refused = new LinkedHashMap<>();
        models.forEach(m -> refused.put(m, 0));
        for (int i = 0; i < n; i++) {
            List<String> refusers = new ArrayList<>();
            for (String m : models) {
                if (verdicts.get(m).get(i).safe()) {
                    refusers.add(m);
                    refused.merge(m, 1, Integer::sum);
                }
            }
            if (!refusers.isEmpty()) {
                kept.add(i);
                keptModel.add(refusers.get(pick.nextInt(refusers.size())));
            }
        }
        int withRefusal = kept.size();
        boolean[] capped = capMask(withRefusal, o.k(), SynthSeeds.random(o.seed(), "safety/cap"));
        List<MergeExample> out = new ArrayList<>();
        Map<String, Integer> written = new LinkedHashMap<>();
        models.forEach(m -> written.put(m, 0));
        for (int j = 0; j < kept.size(); j++) {
            if (!capped[j]) {
                continue;
            }
            int i = kept.get(j);
            String m = keptModel.get(j);
            out.add(MergeExample.safety(q.questions().get(i), answers.get(m).get(i), m, q.categories().get(i)));
            written.merge(m, 1, Integer::sum);
        }
        guard.requireDisjointExamples(out, "D_safety");
        List<StageCounts> rows = new ArrayList<>();
        StageCounts g = q.counts();
        rows.add(new StageCounts(NAME, g.model(), g.role(), g.sampled(), g.unparsable(), g.duplicates(),
                g.testOverlap(), 0, g.unique(), withRefusal, out.size()));
        for (String m : models) {
            rows.add(new StageCounts(NAME, m, "answerer", 0, 0, 0, 0, 0, n, refused.get(m), written.get(m)));
        }
        return new Result(out, rows);
    }

    /** Runs the three steps with responders that are all in memory (tests, notebooks with small pools). */
    public static Result run(QuestionWriter generator, String generatorName, Map<String, Responder> pool,
            Judge judge, HeldOutGuard guard, SynthPrompts prompts, SynthOptions o) {
        Questions q = sample(generator, generatorName, prompts, guard, o);
        Map<String, List<String>> answers = new LinkedHashMap<>();
        pool.forEach((name, r) -> answers.put(name, answer(r, name, q)));
        return select(q, answers, judge, guard, o);
    }

    /** @return which of {@code n} items to keep so that at most {@code k} remain: a seeded random subset */
    static boolean[] capMask(int n, int k, Random rng) {
        boolean[] keep = new boolean[n];
        if (n <= k) {
            java.util.Arrays.fill(keep, true);
            return keep;
        }
        List<Integer> idx = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, rng);
        for (int i = 0; i < k; i++) {
            keep[idx.get(i)] = true;
        }
        return keep;
    }
}
