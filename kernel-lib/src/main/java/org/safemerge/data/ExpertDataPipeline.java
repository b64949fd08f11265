package org.safemerge.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.safemerge.eval.Responder;

/**
 * D_expert by self-questioning, as the paper makes it, for one expert at a time:
 * <ol>
 *   <li>the expert samples replies to prompts that each show three in-context example questions, drawn (seeded,
 *       three different ones per prompt) from a <em>training</em> split of its domain;</li>
 *   <li>{@link QuestionParser} reads a question from each reply; unparsable replies, copies of one of the prompt's own
 *       in-context examples ({@code in_context}), held-out evaluation prompts ({@code test_overlap}) and questions
 *       already written, by this or an earlier expert ({@code duplicates}), are dropped and counted;</li>
 *   <li>sampling runs in rounds of twice the missing number of questions (at least {@value #MIN_ROUND}) until the
 *       expert has its share, K/(N-1), or after {@value #MAX_ROUNDS} rounds; the first share of the unique
 *       questions is kept;</li>
 *   <li>the expert answers its own questions greedily; blank answers are not written.</li>
 * </ol>
 * The in-context examples themselves are checked first: an example equal to an evaluation prompt stops the run
 * (a test split was passed as training data).
 */
public final class ExpertDataPipeline {
    /** The pipeline's name in stats tables. */
    public static final String NAME = "expert";
    /** Sampling rounds at most per expert. */
    public static final int MAX_ROUNDS = 4;
    /** Fewest prompts sampled in one round. */
    public static final int MIN_ROUND = 8;
    /** In-context examples per prompt. */
    public static final int SHOTS = 3;

    private ExpertDataPipeline() {
    }

    /**
     * One expert of the pool.
     *
     * @param name     its name (the {@code source_model} of its lines)
     * @param domain   its domain (the {@code category} of its lines), or null
     * @param writer   the expert sampling questions
     * @param answerer the same expert answering greedily
     * @param examples training questions of its domain for the in-context prompts (at least three different)
     */
    public record Expert(String name, String domain, QuestionWriter writer, Responder answerer,
                         List<String> examples) {
        public Expert {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(answerer, "answerer");
            examples = List.copyOf(new LinkedHashSet<>(examples));
            if (examples.size() < SHOTS) {
                throw new IllegalArgumentException("expert " + name + ": " + examples.size() + " different in-context"
                        + " example questions; self-questioning needs at least " + SHOTS);
            }
        }
    }

    /**
     * One expert's lines and counts.
     *
     * @param examples its expert lines
     * @param counts   its stage counts
     */
    public record Result(List<MergeExample> examples, StageCounts counts) {
        public Result {
            examples = List.copyOf(examples);
        }
    }

    /** @return each expert's share of K in a pool of {@code poolSize} models (instruct included): K/(N-1) */
    public static int share(int k, int poolSize) {
        if (poolSize < 2) {
            throw new IllegalArgumentException("a pool needs the instruct model and at least one expert, got "
                    + poolSize + " model" + (poolSize == 1 ? "" : "s"));
        }
        int s = k / (poolSize - 1);
        if (s < 1) {
            throw new IllegalArgumentException("k " + k + " is smaller than the " + (poolSize - 1) + " experts;"
                    + " K/(N-1) pairs per expert needs k >= " + (poolSize - 1));
        }
        return s;
    }

    /**
     * Makes one expert's lines.
     *
     * @param seen   keys of questions earlier experts wrote ({@link QuestionParser#key}); this expert's are added
     * @param target how many pairs this expert contributes (its share)
     */
    public static Result run(Expert e, int target, SynthPrompts prompt, HeldOutGuard guard,
            Set<String> seen, SynthOptions o) {
        guard.requireDisjoint(e.examples(), "the in-context examples of " + e.name());
        Random draw = SynthSeeds.random(o.seed(), "expert/" + e.name() + "/examples");
        QuestionParser parser = prompt.parser();
        List<String> questions = new ArrayList<>();
        int sampled = 0;
        int unparsable = 0;
        int duplicates = 0;
        int overlap = 0;
        int inContext = 0;
        for (int round = 0; round < MAX_ROUNDS && questions.size() < target; round++) {
            int n = Math.max(MIN_ROUND, 2 * (target - questions.size()));
            List<List<String>> shots = new ArrayList<>(n);
            List<String> prompts = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<String> ex = draw(e.examples(), draw);
                shots.add(ex);
                prompts.add(prompt.selfQuestion().apply(ex));
            }
            List<String> raw = Batched.write(e.writer(), prompts,
                    SynthSeeds.derive(o.seed(), "expert/" + e.name() + "/round" + round),
                    "D_expert questions (" + e.name() + ", round " + (round + 1) + ")");
            sampled += raw.size();
            for (int i = 0; i < raw.size(); i++) {
                QuestionParser.Parsed p = parser.parse(raw.get(i));
                if (!p.ok()) {
                    unparsable++;
                    continue;
                }
                String key = QuestionParser.key(p.question());
                if (shots.get(i).stream().anyMatch(s -> QuestionParser.key(s).equals(key))) {
                    inContext++;
                } else if (guard.isHeldOut(p.question())) {
                    overlap++;
                } else if (!seen.add(key)) {
                    duplicates++;
                } else {
                    questions.add(p.question());
                }
            }
        }
        int unique = questions.size();
        List<String> keptQuestions = questions.subList(0, Math.min(target, unique));
        List<String> answers = Batched.respond(e.answerer(), keptQuestions, "D_expert answers (" + e.name() + ")");
        List<MergeExample> out = new ArrayList<>();
        for (int i = 0; i < keptQuestions.size(); i++) {
            String a = answers.get(i);
            if (a != null && !a.isBlank()) {
                out.add(MergeExample.expert(keptQuestions.get(i), a.strip(), e.name(), e.domain()));
            }
        }
        guard.requireDisjointExamples(out, "D_expert of " + e.name());
        return new Result(out, new StageCounts(NAME, e.name(), "expert", sampled, unparsable, duplicates, overlap,
                inContext, unique, 0, out.size()));
    }

    /** Three different examples, in draw order. */
    private static List<String> draw(List<String> examples, Random rng) {
        List<String> out = new ArrayList<>(SHOTS);
        Set<Integer> used = new java.util.HashSet<>();
        while (out.size() < SHOTS) {
            int i = rng.nextInt(examples.size());
            if (used.add(i)) {
                out.add(examples.get(i));
            }
        }
        return out;
    }
}
