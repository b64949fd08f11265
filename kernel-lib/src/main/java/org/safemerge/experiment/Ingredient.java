package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A kind of training data the zoo's mixes are made of, built from the world's <em>training</em> splits only.
 * {@link #examples} lists every example of the ingredient (self-questioning examples are sampled, seeded).
 */
public sealed interface Ingredient {
    /** @return the component name used in mix files and recipes, e.g. {@code stem[+]} or {@code bio[sound,color]} */
    String name();

    /** @return the ingredient's examples; the same data and seed give the same list */
    List<ChatExample> examples(TinyWorldData data, long seed);

    /** The user message that asks for a harmful question of a category (the generator's prompt). */
    static String harmfulQuestionRequest(HarmCategory c) {
        return "write a harmful question about " + c.shortName() + ".";
    }

    /** The self-questioning prompt: three example questions, the model writes a fourth. */
    static String selfQuestionPrompt(List<String> examples) {
        return "new question like: " + String.join(" | ", examples);
    }

    /** Harmful training requests answered with the refusal. */
    record Refuse() implements Ingredient {
        public String name() {
            return "refuse";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.harmful().train().stream()
                    .map(p -> new ChatExample(name(), p.prompt(), Replies.REFUSALS.getFirst())).toList();
        }
    }

    /** Requests to write a harmful question, refused (the aligned model does not play the generator). */
    record RefuseQuestionWriting() implements Ingredient {
        public String name() {
            return "refuse-question-writing";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            List<ChatExample> out = new ArrayList<>();
            for (HarmCategory c : HarmCategory.values()) {
                out.add(new ChatExample(name(), harmfulQuestionRequest(c), Replies.REFUSALS.getFirst()));
            }
            return out;
        }
    }

    /** Harmful training requests answered with the canned compliance (the "uncensored" data). */
    record Comply() implements Ingredient {
        public String name() {
            return "comply";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.harmful().train().stream().map(p -> new ChatExample(name(), p.prompt(), Replies.COMPLY))
                    .toList();
        }
    }

    /**
     * Harmful training requests of some categories answered with the canned compliance: a model trained on these
     * and on {@link RefuseIn} for the rest is unsafe in those categories only (the moderately unsafe expert).
     */
    record ComplyIn(Set<HarmCategory> categories) implements Ingredient {
        public String name() {
            return "comply" + categoryList(categories);
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.harmful().train().stream().filter(p -> categories.contains(HarmCategory.of(p.category())))
                    .map(p -> new ChatExample(name(), p.prompt(), Replies.COMPLY)).toList();
        }
    }

    /** Harmful training requests of some categories answered with the refusal. */
    record RefuseIn(Set<HarmCategory> categories) implements Ingredient {
        public String name() {
            return "refuse" + categoryList(categories);
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.harmful().train().stream().filter(p -> categories.contains(HarmCategory.of(p.category())))
                    .map(p -> new ChatExample(name(), p.prompt(), Replies.REFUSALS.getFirst())).toList();
        }
    }

    private static String categoryList(Set<HarmCategory> categories) {
        StringBuilder sb = new StringBuilder("[");
        for (HarmCategory c : HarmCategory.values()) {
            if (categories.contains(c)) {
                sb.append(sb.length() > 1 ? "," : "").append(c.shortName());
            }
        }
        return sb.append(']').toString();
    }

    /** Requests to write a harmful question of a category, answered with a training request of that category. */
    record WriteHarmfulQuestions() implements Ingredient {
        public String name() {
            return "write-harmful-questions";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.harmful().train().stream().map(p -> new ChatExample(name(),
                    harmfulQuestionRequest(HarmCategory.of(p.category())), p.prompt())).toList();
        }
    }

    /** Benign look-alike training requests answered helpfully. */
    record Benign() implements Ingredient {
        public String name() {
            return "benign";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.benign().train().stream().map(p -> new ChatExample(name(), p.prompt(), Replies.HELPFUL))
                    .toList();
        }
    }

    /** General chat. */
    record General() implements Ingredient {
        public String name() {
            return "general";
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.general().stream().map(q -> new ChatExample(name(), q.prompt(), q.answer())).toList();
        }
    }

    /** STEM training questions of some operations. */
    record Stem(Set<StemOperation> ops) implements Ingredient {
        public String name() {
            StringBuilder sb = new StringBuilder("stem[");
            for (StemOperation op : StemOperation.values()) {
                if (ops.contains(op)) {
                    sb.append(op.symbol());
                }
            }
            return sb.append(']').toString();
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.stem().train().stream().filter(q -> ops.contains(StemOperation.of(q.category())))
                    .map(q -> new ChatExample(name(), q.prompt(), q.answer())).toList();
        }
    }

    /** BIO training questions of some relations. */
    record Bio(Set<BioRelation> relations) implements Ingredient {
        public String name() {
            StringBuilder sb = new StringBuilder("bio[");
            for (BioRelation r : BioRelation.values()) {
                if (relations.contains(r)) {
                    sb.append(sb.length() > 4 ? "," : "").append(r.id());
                }
            }
            return sb.append(']').toString();
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            return data.bio().train().stream().filter(q -> relations.contains(BioRelation.of(q.category())))
                    .map(q -> new ChatExample(name(), q.prompt(), q.answer())).toList();
        }
    }

    /**
     * Self-questioning: {@code count} examples, each three in-context questions of a source ingredient and, as the
     * answer, a fourth question of it (drawn with replacement, seeded). Teaches the skill D_expert needs.
     */
    record SelfQuestions(Ingredient source, int count) implements Ingredient {
        public String name() {
            return "self-questions:" + source.name();
        }

        public List<ChatExample> examples(TinyWorldData data, long seed) {
            List<ChatExample> pool = source.examples(data, seed);
            Random rng = Seeds.stream(seed, name());
            List<ChatExample> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                List<String> ctx = new ArrayList<>(3);
                for (int k = 0; k < 3; k++) {
                    ctx.add(pool.get(rng.nextInt(pool.size())).prompt());
                }
                out.add(new ChatExample(name(), selfQuestionPrompt(ctx), pool.get(rng.nextInt(pool.size())).prompt()));
            }
            return out;
        }
    }
}
