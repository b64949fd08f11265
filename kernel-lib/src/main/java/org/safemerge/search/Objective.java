package org.safemerge.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.safemerge.data.MergeData;
import org.safemerge.data.MergeExample;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSource;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import org.safemerge.model.TokenExample;
import org.safemerge.text.Tokenizer;

/**
 * The paper's objective of a data-aware merge, L_merge = L_safety + alpha * L_expert (or L_expert alone for the
 * D_expert-only baseline), where each L is the merged model's mean cross-entropy over the answer tokens of its half
 * of the merge data (token-weighted over all answer tokens of that half, prompt tokens masked: the quantity
 * {@link LanguageModel#score} reports).
 *
 * <p>Candidates are merged in memory from the {@link MergePool} (no disk), swapped into one reused
 * {@link LanguageModel} with {@link LanguageModel#setWeights} and scored on data tokenized once and batched by
 * length. Not thread-safe (one model): evaluate candidates one at a time.
 *
 * <pre>
 * MergePool pool = MergePool.load(Recipe.load(Path.of("ties.yml")));
 * try (Objective objective = Objective.create(pool, MergeData.read(Path.of("data.jsonl")),
 *         ObjectiveOptions.defaults().withAlpha(0.3))) {
 *     ObjectiveScore s = objective.evaluate(candidateRecipe);   // s.value() is L_merge
 * }
 * </pre>
 */
public final class Objective implements AutoCloseable {
    private final MergePool pool;
    private final ObjectiveOptions options;
    private final List<MergeExample> safetyData;
    private final List<MergeExample> expertData;
    private final LanguageModel model;
    private final Tokenizer ownedTokenizer;
    private final List<TokenExample> safetyExamples;
    private final List<TokenExample> expertExamples;
    private final ScoringBatches safety;
    private final ScoringBatches expert;
    private final MergeOptions mergeOptions;

    private Objective(MergePool pool, List<MergeExample> data, ObjectiveOptions options) {
        this.pool = pool;
        this.options = options;
        this.expertData = MergeData.ofType(data, MergeExample.Type.EXPERT);
        this.safetyData = options.mix() == DataMix.EXPERT ? List.of() : MergeData.ofType(data, MergeExample.Type.SAFETY);
        if (expertData.isEmpty()) {
            throw new IllegalArgumentException("the merge data has no expert lines (\"type\": \"expert\"); the"
                    + " objective needs D_expert");
        }
        if (options.mix() == DataMix.EXPERT_AND_SAFETY && safetyData.isEmpty()) {
            throw new IllegalArgumentException("the merge data has no safety lines (\"type\": \"safety\"); the"
                    + " expert+safety objective needs D_safety (or use the expert-only baseline)");
        }
        String tokDonor = pool.template().tokenizerSource() == null || pool.template().tokenizerSource().equals("base")
                ? pool.configDonor() : pool.template().tokenizerSource();
        Tokenizer tok = null;
        LanguageModel m;
        if (tokDonor.equals(pool.configDonor())) {
            m = LanguageModel.load(pool.dir(pool.configDonor()), options.runtime());
        } else {
            tok = Tokenizer.load(pool.dir(tokDonor));
            try {
                m = LanguageModel.of(pool.config(pool.configDonor()), pool.tensors(pool.configDonor()), tok,
                        options.runtime());
            } catch (RuntimeException e) {
                tok.close();
                throw e;
            }
        }
        this.model = m;
        this.ownedTokenizer = tok;
        try {
            int vocab = model.spec().vocabSize();
            try {
                this.safetyExamples = model.encode(pairs(safetyData), false);
                this.expertExamples = model.encode(pairs(expertData), false);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model '" + tokDonor + "' (" + pool.dir(tokDonor) + "), whose"
                        + " tokenizer reads the merge data: " + e.getMessage(), e);
            }
            this.safety = ScoringBatches.of(safetyExamples, options.batchSize(), vocab);
            this.expert = ScoringBatches.of(expertExamples, options.batchSize(), vocab);
            if (expert.isEmpty() || (options.mix() == DataMix.EXPERT_AND_SAFETY && safety.isEmpty())) {
                throw new IllegalArgumentException("the merge data has no answer tokens to score in "
                        + (expert.isEmpty() ? "D_expert" : "D_safety"));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.mergeOptions = MergeOptions.defaults().withSeed(options.seed()).withThreads(options.threads())
                .withProgress(false);
    }

    /**
     * Loads the model that candidates are scored with (the base's config and tokenizer, or the template's
     * {@code tokenizer_source}) and tokenizes the data.
     *
     * @param data merge data; lines of type safety are ignored by the D_expert-only baseline
     * @throws IllegalArgumentException if a half the objective needs is empty, or the model has no tokenizer or
     *                                  chat template to read text with
     */
    public static Objective create(MergePool pool, List<MergeExample> data, ObjectiveOptions options) {
        return new Objective(pool, data, options);
    }

    private static List<PromptAnswer> pairs(List<MergeExample> data) {
        return data.stream().map(MergeExample::pair).toList();
    }

    // ------------------------------------------------------------------------------------------- evaluation

    /**
     * Merges a candidate in memory (with {@link ObjectiveOptions#seed()}), exactly as {@code safemerge merge} would
     * write it.
     *
     * @throws IllegalArgumentException if the recipe does not validate against the pool
     */
    public TensorSet merge(Recipe candidate) {
        return Merger.mergeInMemory(pool.plan(candidate), mergeOptions);
    }

    /** Merges a candidate in memory and scores it; the model keeps the merged weights afterwards. */
    public ObjectiveScore evaluate(Recipe candidate) {
        return score(merge(candidate));
    }

    /** Puts {@code weights} into the model and scores it; the model keeps them afterwards. */
    public ObjectiveScore score(TensorSource weights) {
        model.setWeights(weights);
        return scoreCurrent();
    }

    /** Scores one model of the pool as it is. */
    public ObjectiveScore scoreModel(String ref) {
        return score(pool.tensors(ref));
    }

    /** Scores the weights the model holds now. */
    public ObjectiveScore scoreCurrent() {
        double le = meanLoss(expert);
        if (options.mix() == DataMix.EXPERT) {
            return new ObjectiveScore(Double.NaN, le, le, 0, expert.totalTargets());
        }
        double ls = meanLoss(safety);
        return new ObjectiveScore(ls, le, ls + options.alpha() * le, safety.totalTargets(), expert.totalTargets());
    }

    /** Token-weighted mean over one half: each batch's mean loss times its answer tokens, summed, divided. */
    private double meanLoss(ScoringBatches half) {
        double sum = 0;
        List<List<TokenExample>> batches = half.batches();
        for (int i = 0; i < batches.size(); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray loss = model.tokenLoss(model.weights(), batches.get(i));                // []
                sum += loss.toType(DataType.FLOAT64, false).getDouble() * half.targets(i);
            }
        }
        return sum / half.totalTargets();
    }

    // ------------------------------------------------------------------------------------------- parts

    /** @return the pool candidates are merged from */
    public MergePool pool() {
        return pool;
    }

    /** @return the options */
    public ObjectiveOptions options() {
        return options;
    }

    /** @return the model candidates are scored with (holds the last candidate's weights); owned by this objective */
    public LanguageModel model() {
        return model;
    }

    /** @return D_safety as used (empty for the D_expert-only baseline) */
    public List<MergeExample> safetyData() {
        return safetyData;
    }

    /** @return D_expert */
    public List<MergeExample> expertData() {
        return expertData;
    }

    /** @return D_safety tokenized with the model's chat format, in data order */
    public List<TokenExample> safetyExamples() {
        return safetyExamples;
    }

    /** @return D_expert tokenized with the model's chat format, in data order */
    public List<TokenExample> expertExamples() {
        return expertExamples;
    }

    /** @return a one-line description: the formula, alpha and the data sizes */
    public String describe() {
        return options.mix() == DataMix.EXPERT
                ? "L_expert on D_expert (" + expertData.size() + " pairs, " + expert.totalTargets() + " answer tokens)"
                : "L_safety + " + options.alpha() + " * L_expert on D_safety (" + safetyData.size() + " pairs, "
                + safety.totalTargets() + " answer tokens) and D_expert (" + expertData.size() + " pairs, "
                + expert.totalTargets() + " answer tokens)";
    }

    @Override
    public void close() {
        try {
            if (model != null) {
                model.close();
            }
        } finally {
            if (ownedTokenizer != null) {
                ownedTokenizer.close();
            }
        }
    }
}
