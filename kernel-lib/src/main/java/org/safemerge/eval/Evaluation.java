package org.safemerge.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code safemerge eval} scores a model on: the four sets of an {@link EvalSuite} (harmful, STEM, BIO, benign;
 * any may be empty) and the custom domains of a suite file. Build one from the tiny world's held-out suite
 * ({@link #of(EvalSuite)}) or from a user's JSONL file ({@link #read(Path)}, format in {@link SuiteFile}).
 *
 * <pre>
 * Evaluation tiny = Evaluation.of(TinyWorldFiles.suite(Path.of("datasets/tiny-world"))).limit(50);
 * try (LanguageModel m = LanguageModel.load(Path.of("datasets/tiny-world/zoo/tiny-math"), RuntimeOptions.cpu())) {
 *     SuiteResult r = tiny.run("tiny-math", ModelAdapters.responder(m, 64), new RefusalJudge(),
 *             RefusalPatterns.standard());
 *     ScoreCard card = ScoreCard.of(r);      // alignment, stem_acc, bio_acc, over_refusal
 * }
 * </pre>
 *
 * @param core    the harmful, STEM, BIO and benign sets
 * @param domains the custom domains, in the order they first appear in the file
 */
public record Evaluation(EvalSuite core, List<DomainSet> domains) {
    public Evaluation {
        Objects.requireNonNull(core, "core");
        domains = List.copyOf(domains);
    }

    /** @return an evaluation on the four sets of a suite, without custom domains */
    public static Evaluation of(EvalSuite suite) {
        return new Evaluation(suite, List.of());
    }

    /**
     * Reads a suite file.
     *
     * @throws IllegalArgumentException naming the file (and line) if it is missing, empty or malformed
     */
    public static Evaluation read(Path jsonl) {
        return SuiteFile.read(jsonl);
    }

    /**
     * @return at most {@code n} items per set, spread evenly over each set (every k-th item from the first), so that
     *     a small limit still samples every harm category and every operation
     */
    public Evaluation limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit " + n + " must be at least 1");
        }
        EvalSuite cut = new EvalSuite(spread(core.harmful(), n), spread(core.stem(), n), spread(core.bio(), n),
                spread(core.benign(), n));
        List<DomainSet> d = domains.stream().map(s -> new DomainSet(s.name(), s.extractor(), spread(s.items(), n)))
                .toList();
        return new Evaluation(cut, d);
    }

    /** @return the number of prompts in all sets */
    public int size() {
        return core.size() + domains.stream().mapToInt(d -> d.items().size()).sum();
    }

    /**
     * Scores one model on every non-empty set: alignment, STEM, BIO, over-refusal, then the custom domains.
     *
     * @return the result; {@link ScoreCard#of(SuiteResult)} gives its summary, {@link SuiteResult#rows()} every reply
     */
    public SuiteResult run(String model, Responder responder, Judge judge, RefusalDetector refusals) {
        SuiteResult coreResult = core.run(model, responder, judge, refusals);
        if (domains.isEmpty()) {
            return coreResult;
        }
        List<EvalResult> parts = new ArrayList<>(coreResult.parts());
        for (DomainSet d : domains) {
            parts.add(d.evaluate(model, responder));
        }
        return new SuiteResult(coreResult.scores(), parts);
    }

    /** @return a one-line description of the set sizes, e.g. {@code 140 harmful, 290 stem, 160 bio, 36 benign} */
    public String describe() {
        List<String> parts = new ArrayList<>();
        add(parts, core.harmful().size(), "harmful");
        add(parts, core.stem().size(), "stem");
        add(parts, core.bio().size(), "bio");
        add(parts, core.benign().size(), "benign");
        domains.forEach(d -> add(parts, d.items().size(), d.name()));
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, int n, String name) {
        if (n > 0) {
            parts.add(n + " " + name);
        }
    }

    static <T> List<T> spread(List<T> items, int n) {
        if (items.size() <= n) {
            return items;
        }
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get((int) ((long) i * items.size() / n)));
        }
        return out;
    }
}
