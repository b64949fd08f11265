package org.safemerge.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.safemerge.merge.Recipe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * LM-Cocktail (Xiao et al. 2023, arXiv 2311.13534): each model of the pool is scored on the merge data, and the
 * pool is averaged with weights {@code softmax(-loss_i / T)}, a linear merge of the full weights. The loss is the
 * answer-token cross-entropy over the objective's data: D_expert alone ({@link DataMix#EXPERT}) or D_expert and
 * D_safety together ({@link DataMix#EXPERT_AND_SAFETY}), token-weighted ({@link ObjectiveScore#pooledLoss()}).
 *
 * <p>T = {@value #PAPER_TEMPERATURE} in the paper's runs; the LM_Cocktail library's default is
 * {@value #LIBRARY_TEMPERATURE}.
 *
 * <pre>
 * SearchResult r = LmCocktail.run(objective, LmCocktail.PAPER_TEMPERATURE, null);
 * r.logs().get("pool");   // each model's losses and weight
 * </pre>
 */
public final class LmCocktail {
    /** The temperature of the paper's runs. */
    public static final double PAPER_TEMPERATURE = 1.0;
    /** The LM_Cocktail library's default temperature. */
    public static final double LIBRARY_TEMPERATURE = 5.0;

    private LmCocktail() {
    }

    /**
     * @return {@code softmax(-loss_i / temperature)}, computed stably (the smallest loss is subtracted first)
     * @throws IllegalArgumentException for a non-positive temperature or a loss that is not finite
     */
    public static double[] weights(double[] losses, double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the LM-Cocktail temperature must be a positive number, got "
                    + temperature);
        }
        double min = Double.POSITIVE_INFINITY;
        for (double l : losses) {
            if (!Double.isFinite(l)) {
                throw new IllegalArgumentException("an LM-Cocktail loss is not finite: " + l);
            }
            min = Math.min(min, l);
        }
        double[] w = new double[losses.length];
        double sum = 0;
        for (int i = 0; i < losses.length; i++) {
            w[i] = Math.exp(-(losses[i] - min) / temperature);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    /**
     * Scores every pool model (the base and the other models), mixes them and evaluates the mix.
     *
     * @param evaluator measures the mix (may be null)
     * @return one candidate (the mix; its parameters are each model's weight by short name, and the temperature) and
     *     the log {@code pool}: model (the reference as written), l_safety, l_expert, loss, weight
     */
    public static SearchResult run(Objective objective, double temperature, CandidateEvaluator evaluator) {
        MergePool pool = objective.pool();
        List<String> members = pool.members();
        if (members.size() < 2) {
            throw new IllegalArgumentException("LM-Cocktail mixes at least two models; the recipe names " + members);
        }
        double[] losses = new double[members.size()];
        StringColumn model = StringColumn.create("model");
        DoubleColumn ls = DoubleColumn.create("l_safety");
        DoubleColumn le = DoubleColumn.create("l_expert");
        DoubleColumn loss = DoubleColumn.create("loss");
        for (int i = 0; i < members.size(); i++) {
            ObjectiveScore s = objective.scoreModel(members.get(i));
            losses[i] = s.pooledLoss();
            model.append(members.get(i));
            if (Double.isNaN(s.safetyLoss())) {
                ls.appendMissing();
            } else {
                ls.append(s.safetyLoss());
            }
            le.append(s.expertLoss());
            loss.append(losses[i]);
        }
        double[] w = weights(losses, temperature);
        Table log = Table.create("LM-Cocktail pool", model, ls, le, loss, DoubleColumn.create("weight", w));
        Recipe recipe = recipe(pool.template(), members, w);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder label = new StringBuilder();
        List<String> names = RecipeEdits.shortNames(members);
        for (int i = 0; i < members.size(); i++) {
            params.put(names.get(i), w[i]);
            label.append(i == 0 ? "" : " ").append(names.get(i)).append('=').append(RecipeEdits.number(w[i]));
        }
        params.put("temperature", temperature);
        try (SearchTracker tracker = new SearchTracker("lm-cocktail", objective, evaluator, Selection.OBJECTIVE, 1)) {
            tracker.evaluate(label.toString(), params, recipe);
            String description = String.format(Locale.ROOT, "linear merge with weights softmax(-loss / %s) of %s, loss"
                    + " on %s; objective %s", RecipeEdits.number(temperature), members, objective.options().mix().label(),
                    objective.describe());
            return tracker.finish(description, -1, Map.of("pool", log), Map.of());
        }
    }

    /** @return a {@code linear} recipe over the pool members with the given weights (normalised by linear) */
    static Recipe recipe(Recipe template, List<String> members, double[] w) {
        // linear merges the base like any other model: it is listed first (so its config is the donor), not as base_model
        Recipe.Builder b = RecipeEdits.like(template, "linear").baseModel(null);
        if ("base".equals(template.tokenizerSource())) {
            b.tokenizerSource(template.baseModel());
        }
        for (int i = 0; i < members.size(); i++) {
            b.model(members.get(i), Map.of("weight", w[i]));
        }
        return b.build();
    }
}
