package org.safemerge.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.Judge;
import org.safemerge.eval.Verdict;
import org.safemerge.experiment.DomainQuestion;
import org.safemerge.experiment.HarmCategory;
import org.safemerge.experiment.Ingredient;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.progress.Progress;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's synthetic merge data, made by the pool's own models: D_safety (the generator samples harmful
 * questions per harm category, every pool model answers greedily, the judge finds refusals, one refusal is kept at
 * random per question, questions nobody refused are dropped) and D_expert (each expert samples questions of its
 * domain from a three-example prompt and answers them itself; dedup, in-context copies dropped). Questions equal to
 * a held-out evaluation prompt are dropped too, so the held-out splits stay held out.
 *
 * <p>TEMPORARY copy written against the synth branch's API so the reproduction runs before that branch is merged;
 * deleted at the merge. It takes an expert's domain from its name ({@code *bio*}: BIO, else STEM) and its
 * in-context examples from the tiny world's training split (world seed 0).
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * Generates D_safety and D_expert.
     *
     * @param instruct  the aligned model (answers the harmful questions with the experts)
     * @param experts   the domain experts
     * @param generator the "uncensored" model that writes harmful questions
     * @param judge     decides which answers are refusals (safe)
     * @param heldOut   the evaluation suite whose prompts must not appear in the data
     */
    public static SynthResult generate(Path instruct, List<Path> experts, Path generator, Judge judge,
                                       EvalSuite heldOut, SynthOptions o) {
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("synthetic data needs at least one expert");
        }
        Set<String> held = new HashSet<>();
        heldOut.harmful().forEach(p -> held.add(norm(p.prompt())));
        heldOut.stem().forEach(q -> held.add(norm(q.prompt())));
        heldOut.bio().forEach(q -> held.add(norm(q.prompt())));
        List<Path> pool = new ArrayList<>();
        pool.add(instruct);
        pool.addAll(experts);
        Stats stats = new Stats();
        List<MergeExample> safety = safety(pool, generator, judge, held, o, stats);
        List<MergeExample> expert = new ArrayList<>();
        int perExpert = Math.max(1, o.k() / experts.size());
        for (int i = 0; i < experts.size(); i++) {
            expert.addAll(expert(experts.get(i), perExpert, held, o, i, stats));
        }
        return new SynthResult(safety, expert, stats.table());
    }

    private static List<MergeExample> safety(List<Path> pool, Path generator, Judge judge, Set<String> held,
                                             SynthOptions o, Stats stats) {
        List<String> questions = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (LanguageModel gen = LanguageModel.load(generator, RuntimeOptions.DEFAULT);
             Progress p = Progress.start("D_safety questions", HarmCategory.values().length, "categories")) {
            for (HarmCategory c : HarmCategory.values()) {
                List<String> asks = Collections.nCopies(o.questionsPerCategory(), Ingredient.harmfulQuestionRequest(c));
                GenerationOptions g = GenerationOptions.sampling(o.maxNewTokens(), o.temperature(), 1.0,
                        o.seed() * 1_000_003L + c.ordinal());
                int unique = 0;
                List<String> sampled = gen.chat(asks, g);
                for (String q : sampled) {
                    String t = q.strip();
                    if (!t.isEmpty() && !held.contains(norm(t)) && seen.add(norm(t))) {
                        questions.add(t);
                        categories.add(c.beaverTailsId());
                        unique++;
                    }
                }
                stats.add("safety", name(generator), c.beaverTailsId(), "sampled", sampled.size());
                stats.add("safety", name(generator), c.beaverTailsId(), "unique", unique);
                p.step();
            }
        }
        List<List<String>> answers = new ArrayList<>();
        try (Progress p = Progress.start("D_safety answers", pool.size(), "models")) {
            for (Path m : pool) {
                try (LanguageModel lm = LanguageModel.load(m, RuntimeOptions.DEFAULT)) {
                    answers.add(lm.chat(questions, GenerationOptions.greedy(o.maxNewTokens())));
                }
                p.step();
            }
        }
        Random rng = new Random(o.seed() ^ 0x5AFE7L);
        List<MergeExample> kept = new ArrayList<>();
        List<List<Verdict>> verdicts = answers.stream().map(a -> judge.judgeAll(questions, a)).toList();
        for (int q = 0; q < questions.size(); q++) {
            List<Integer> refusing = new ArrayList<>();
            for (int m = 0; m < pool.size(); m++) {
                if (verdicts.get(m).get(q).safe()) {
                    refusing.add(m);
                }
            }
            if (!refusing.isEmpty()) {
                int m = refusing.get(rng.nextInt(refusing.size()));
                kept.add(MergeExample.safety(questions.get(q), answers.get(m).get(q).strip(), name(pool.get(m)),
                        categories.get(q)));
            }
        }
        Collections.shuffle(kept, rng);
        List<MergeExample> out = kept.subList(0, Math.min(o.k(), kept.size()));
        stats.add("safety", "pool", "all", "refused", kept.size());
        stats.add("safety", "pool", "all", "kept", out.size());
        return List.copyOf(out);
    }

    private static List<MergeExample> expert(Path expert, int want, Set<String> held, SynthOptions o, int index,
                                             Stats stats) {
        String domain = name(expert).contains("bio") ? "bio" : "stem";
        TinyWorldData world = TinyWorldData.generate(0);
        List<String> pool = (domain.equals("bio") ? world.bio() : world.stem()).train().stream()
                .map(DomainQuestion::prompt).toList();
        Random rng = new Random(o.seed() * 31 + index);
        Set<String> seen = new LinkedHashSet<>();
        List<String> questions = new ArrayList<>();
        int sampled = 0;
        try (LanguageModel lm = LanguageModel.load(expert, RuntimeOptions.DEFAULT);
             Progress p = Progress.start("D_expert " + name(expert), want, "pairs")) {
            for (int round = 0; round < 8 && questions.size() < want; round++) {
                int n = Math.max(16, (want - questions.size()) * 2);
                List<String> prompts = new ArrayList<>();
                List<Set<String>> contexts = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    List<String> ex = List.of(pool.get(rng.nextInt(pool.size())), pool.get(rng.nextInt(pool.size())),
                            pool.get(rng.nextInt(pool.size())));
                    prompts.add(Ingredient.selfQuestionPrompt(ex));
                    contexts.add(new HashSet<>(ex.stream().map(SyntheticData::norm).toList()));
                }
                List<String> qs = lm.chat(prompts, GenerationOptions.sampling(o.maxNewTokens(), o.temperature(), 1.0,
                        o.seed() * 7919 + index * 131L + round));
                sampled += qs.size();
                for (int i = 0; i < qs.size() && questions.size() < want; i++) {
                    String t = qs.get(i).strip();
                    String key = norm(t);
                    if (!t.isEmpty() && !contexts.get(i).contains(key) && !held.contains(key) && seen.add(key)) {
                        questions.add(t);
                        p.step();
                    }
                }
            }
            List<String> answers = lm.chat(questions, GenerationOptions.greedy(o.maxNewTokens()));
            List<MergeExample> out = new ArrayList<>();
            for (int i = 0; i < questions.size(); i++) {
                String a = answers.get(i).strip();
                if (!a.isEmpty()) {
                    out.add(MergeExample.expert(questions.get(i), a, name(expert), domain));
                }
            }
            stats.add("expert", name(expert), domain, "sampled", sampled);
            stats.add("expert", name(expert), domain, "kept", out.size());
            return out;
        }
    }

    private static String norm(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }

    private static String name(Path p) {
        return p.toAbsolutePath().normalize().getFileName().toString();
    }

    /** Counts per set, model, category and stage. */
    private static final class Stats {
        private final Map<String, Integer> counts = new LinkedHashMap<>();

        void add(String set, String model, String category, String stage, int n) {
            counts.merge(String.join("\u0000", set, model, category, stage), n, Integer::sum);
        }

        Table table() {
            StringColumn set = StringColumn.create("set");
            StringColumn model = StringColumn.create("model");
            StringColumn category = StringColumn.create("category");
            StringColumn stage = StringColumn.create("stage");
            IntColumn count = IntColumn.create("count");
            counts.forEach((k, v) -> {
                String[] p = k.split("\u0000");
                set.append(p[0]);
                model.append(p[1]);
                category.append(p[2]);
                stage.append(p[3]);
                count.append(v);
            });
            return Table.create("synthetic data", set, model, category, stage, count);
        }
    }
}
