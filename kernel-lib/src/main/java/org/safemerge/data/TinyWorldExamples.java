package org.safemerge.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safemerge.eval.EvalSets;
import org.safemerge.eval.QaItem;
import org.safemerge.experiment.TinyWorldFiles;

/**
 * Which training questions each tiny-zoo expert's self-questioning prompts show, by the expert's name:
 * {@code tiny-math} and {@code tiny-wizard} (any name with "math" or "wizard") get the STEM training split,
 * {@code tiny-bio} (any name with "bio") the BIO training split. The splits are read from the tiny world the zoo
 * lives in: an expert at {@code WORLD/zoo/NAME} reads {@code WORLD/data/{stem,bio}_train.jsonl}.
 */
public final class TinyWorldExamples {
    /** The STEM domain's name (the category of its lines). */
    public static final String STEM = "stem";
    /** The BIO domain's name. */
    public static final String BIO = "bio";

    private TinyWorldExamples() {
    }

    /**
     * @return the domain of a tiny-zoo expert, by its directory name
     * @throws IllegalArgumentException if the name says neither
     */
    public static String domainOf(Path expert) {
        String name = expert.toAbsolutePath().normalize().getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains("bio")) {
            return BIO;
        }
        if (name.contains("math") || name.contains("wizard")) {
            return STEM;
        }
        throw new IllegalArgumentException("expert " + expert + ": cannot tell its domain from the name '" + name
                + "'; tiny-world experts are named like tiny-math, tiny-wizard (STEM) or tiny-bio (BIO); for other"
                + " models pass their in-context example questions explicitly");
    }

    /** @return the tiny world directory an expert of the zoo lives in ({@code WORLD} of {@code WORLD/zoo/NAME}) */
    public static Path worldOf(Path expert) {
        Path zoo = expert.toAbsolutePath().normalize().getParent();
        Path world = zoo == null ? null : zoo.getParent();
        if (world == null) {
            throw new IllegalArgumentException("expert " + expert + " is not inside a tiny world's zoo/ directory");
        }
        return world;
    }

    /** @return the training questions of a domain in a tiny world directory */
    public static List<String> trainingQuestions(Path world, String domain) {
        Path file = world.resolve(TinyWorldFiles.DATA).resolve(domain + "_train.jsonl");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + domain.toUpperCase(Locale.ROOT) + " training split at " + file
                    + "; the tiny world's data (datasets/tiny-world/data) must sit next to its zoo, or pass the"
                    + " in-context example questions explicitly");
        }
        return EvalSets.readQuestions(file).stream().map(QaItem::prompt).toList();
    }

    /**
     * @return the words of the tiny world's training texts (every {@code data/*_train.jsonl} prompt and answer of the
     *         world the experts live in): what a well-formed question of that world is written in
     */
    public static Set<String> vocabulary(List<Path> experts) {
        Set<String> words = new HashSet<>();
        Set<Path> worlds = new LinkedHashSet<>();
        experts.forEach(e -> worlds.add(worldOf(e)));
        for (Path w : worlds) {
            for (String f : List.of("stem_train", "bio_train", "general_train")) {
                for (QaItem q : EvalSets.readQuestions(file(w, f))) {
                    words.addAll(QuestionParser.words(q.prompt()));
                    words.addAll(QuestionParser.words(q.answer()));
                }
            }
            for (String f : List.of("harmful_train", "benign_train")) {
                EvalSets.readPrompts(file(w, f)).forEach(p -> words.addAll(QuestionParser.words(p.prompt())));
            }
        }
        return words;
    }

    private static Path file(Path world, String name) {
        Path f = world.resolve(TinyWorldFiles.DATA).resolve(name + ".jsonl");
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no tiny-world training file at " + f + "; the tiny world's data"
                    + " (datasets/tiny-world/data) must sit next to its zoo");
        }
        return f;
    }

    /** @return each expert's in-context example questions, by the rule above, in the experts' order */
    public static Map<Path, ExpertExamples> forExperts(List<Path> experts) {
        Map<Path, ExpertExamples> out = new LinkedHashMap<>();
        for (Path e : experts) {
            String domain = domainOf(e);
            out.put(e, new ExpertExamples(domain, trainingQuestions(worldOf(e), domain)));
        }
        return out;
    }
}
