package org.safemerge.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.safemerge.eval.EvalSuite;
import org.safemerge.eval.Judge;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;

/**
 * The paper's synthetic merge data for a pool of checkpoints: D_safety ({@link SafetyDataPipeline}) and D_expert
 * ({@link ExpertDataPipeline}), guarded against held-out evaluation prompts ({@link HeldOutGuard}). Models are
 * loaded one at a time (each pool model answers the safety questions and, if it is an expert, writes and answers
 * its own questions while it is loaded), so full-size pools need the memory of one model.
 *
 * <pre>
 * Path zoo = Path.of("datasets/tiny-world/zoo");
 * SynthResult r = SyntheticData.generate(zoo.resolve("tiny-instruct"), List.of(zoo.resolve("tiny-math")),
 *         zoo.resolve("tiny-math"), new RefusalJudge(), TinyWorldFiles.suite(Path.of("datasets/tiny-world")),
 *         SynthOptions.defaults().withK(100).withSeed(1));
 * r.write(Path.of("data.jsonl"));
 * </pre>
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * Tiny-world data: each expert's in-context examples are the training split of its domain, by its name
     * ({@link TinyWorldExamples}), and the prompts are the ones the zoo was trained on ({@link SynthPrompts#tinyWorld}),
     * read by the structural rule of {@link QuestionParser} (no vocabulary: a garbled question that parses is kept).
     *
     * @param instruct  the aligned model (first in the pool; answers the safety questions)
     * @param experts   the experts (they answer the safety questions too, and write D_expert)
     * @param generator the model sampling harmful questions (an unsafe expert in the tiny world)
     * @param judge     marks refusals ({@code safe} = refused)
     * @param heldOut   the evaluation prompts the data must not contain
     * @param o         sizes, seed and sampling
     * @throws IllegalArgumentException for a missing model directory, an expert whose domain cannot be told, a missing
     *                                  training split, or examples that overlap the held-out suite
     */
    public static SynthResult generate(Path instruct, List<Path> experts, Path generator, Judge judge,
            EvalSuite heldOut, SynthOptions o) {
        return generate(instruct, experts, generator, judge, heldOut, o, SynthPrompts.tinyWorld());
    }

    /**
     * Tiny-world data as {@link #generate(Path, List, Path, Judge, EvalSuite, SynthOptions)}, with other prompts or
     * parser, e.g. {@code SynthPrompts.tinyWorld().withVocabulary(TinyWorldExamples.vocabulary(experts))} to reject
     * questions in too few words of the world.
     */
    public static SynthResult generate(Path instruct, List<Path> experts, Path generator, Judge judge,
            EvalSuite heldOut, SynthOptions o, SynthPrompts prompts) {
        return generateWith(instruct, experts, generator, judge, heldOut, o, TinyWorldExamples.forExperts(experts),
                prompts);
    }

    /**
     * Any pool, with each expert's in-context example questions given (a training split of its domain); lines carry
     * no category for D_expert. Prompts are the tiny world's; see the overload taking {@link SynthPrompts}.
     *
     * @param examplePrompts expert directory to its example questions; every expert needs an entry
     */
    public static SynthResult generate(Path instruct, List<Path> experts, Path generator, Judge judge,
            EvalSuite heldOut, SynthOptions o, Map<Path, List<String>> examplePrompts) {
        return generate(instruct, experts, generator, judge, heldOut, o, examplePrompts, SynthPrompts.tinyWorld());
    }

    /** As {@link #generate(Path, List, Path, Judge, EvalSuite, SynthOptions, Map)}, with the writers' prompts. */
    public static SynthResult generate(Path instruct, List<Path> experts, Path generator, Judge judge,
            EvalSuite heldOut, SynthOptions o, Map<Path, List<String>> examplePrompts, SynthPrompts prompts) {
        Map<Path, ExpertExamples> ex = new LinkedHashMap<>();
        Map<Path, List<String>> byPath = new LinkedHashMap<>();
        examplePrompts.forEach((p, l) -> byPath.put(norm(p), l));
        for (Path e : experts) {
            List<String> l = byPath.get(norm(e));
            if (l == null) {
                throw new IllegalArgumentException("no in-context example questions given for expert " + e);
            }
            ex.put(e, new ExpertExamples(null, l));
        }
        return generateWith(instruct, experts, generator, judge, heldOut, o, ex, prompts);
    }

    /**
     * The general form: each expert's domain and examples given.
     *
     * @param examples expert directory to its domain and example questions; every expert needs an entry
     */
    public static SynthResult generateWith(Path instruct, List<Path> experts, Path generator, Judge judge,
            EvalSuite heldOut, SynthOptions o, Map<Path, ExpertExamples> examples, SynthPrompts prompts) {
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(heldOut, "heldOut");
        Objects.requireNonNull(o, "options");
        List<Path> pool = new ArrayList<>();
        pool.add(instruct);
        pool.addAll(experts);
        checkModelDirs(pool, generator);
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("the pool needs at least one expert besides the instruct model "
                    + instruct);
        }
        int share = ExpertDataPipeline.share(o.k(), pool.size());
        HeldOutGuard guard = HeldOutGuard.of(heldOut);
        Map<Path, ExpertExamples> byPath = new LinkedHashMap<>();
        examples.forEach((p, e) -> byPath.put(norm(p), e));
        for (Path e : experts) {
            ExpertExamples x = byPath.get(norm(e));
            if (x == null) {
                throw new IllegalArgumentException("no in-context example questions given for expert " + e);
            }
            guard.requireDisjoint(x.examples(), "the in-context examples of " + name(e)); // before any generation
        }

        SafetyDataPipeline.Questions questions;
        try (LanguageModel g = load(generator)) {
            questions = SafetyDataPipeline.sample(ModelWriters.writer(g, o), name(generator),
                    prompts, guard, o);
        }
        Map<String, List<String>> answers = new LinkedHashMap<>();
        List<MergeExample> expertLines = new ArrayList<>();
        List<StageCounts> expertRows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pool.size(); i++) {
            Path p = pool.get(i);
            try (LanguageModel m = load(p)) {
                answers.put(name(p), SafetyDataPipeline.answer(ModelWriters.greedy(m, o), name(p), questions));
                if (i > 0) {
                    ExpertExamples x = byPath.get(norm(p));
                    ExpertDataPipeline.Expert e = new ExpertDataPipeline.Expert(name(p), x.domain(),
                            ModelWriters.writer(m, o), ModelWriters.greedy(m, o), x.examples());
                    ExpertDataPipeline.Result r = ExpertDataPipeline.run(e, share, prompts, guard,
                            seen, o);
                    expertLines.addAll(r.examples());
                    expertRows.add(r.counts());
                }
            }
        }
        SafetyDataPipeline.Result safety = SafetyDataPipeline.select(questions, answers, judge, guard, o);
        List<StageCounts> rows = new ArrayList<>(safety.counts());
        rows.addAll(expertRows);
        return new SynthResult(safety.examples(), expertLines, SynthStats.table(rows));
    }

    private static void checkModelDirs(List<Path> pool, Path generator) {
        Set<String> names = new HashSet<>();
        for (Path p : pool) {
            checkModelDir(p);
            if (!names.add(name(p))) {
                throw new IllegalArgumentException("two pool models are named " + name(p) + " (" + p + "); the"
                        + " data's source_model must tell them apart");
            }
        }
        checkModelDir(generator);
    }

    private static void checkModelDir(Path p) {
        Objects.requireNonNull(p, "model directory");
        if (!Files.isRegularFile(p.resolve("config.json"))) {
            throw new IllegalArgumentException("model directory " + p + ": no config.json (expected a Hugging Face"
                    + " model directory)");
        }
    }

    private static LanguageModel load(Path dir) {
        return LanguageModel.load(dir, RuntimeOptions.DEFAULT);
    }

    /** @return the model's name: its directory's name */
    static String name(Path dir) {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
