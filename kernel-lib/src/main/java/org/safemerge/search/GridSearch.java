package org.safemerge.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.safemerge.merge.Recipe;

/**
 * Grid search over a method's parameters: every point of a {@link Grid} merged in memory and scored with the
 * objective (and the evaluator, if any); the best is picked by domain accuracy (the paper's rule, needs an
 * evaluator) or by objective.
 *
 * <pre>
 * SearchResult r = GridSearch.run(objective, Grid.paper(pool.template()), Selection.OBJECTIVE, null);
 * r.table();              // every grid point's scores
 * </pre>
 */
public final class GridSearch {
    private GridSearch() {
    }

    /**
     * @param evaluator measures each point (may be null: then alignment and accuracy stay empty)
     * @throws IllegalArgumentException if a point does not make a valid recipe, or selecting by accuracy without
     *                                  an evaluator
     */
    public static SearchResult run(Objective objective, Grid grid, Selection selection, CandidateEvaluator evaluator) {
        MergePool pool = objective.pool();
        Recipe template = pool.template();
        try (SearchTracker tracker = new SearchTracker("grid", objective, evaluator, selection, grid.size())) {
            for (Map<String, Double> point : grid.points()) {
                Map<String, Object> perModel = new LinkedHashMap<>();
                Map<String, Object> global = new LinkedHashMap<>();
                for (Grid.Axis a : grid.axes()) {
                    (a.scope() == Grid.Scope.PER_MODEL ? perModel : global).put(a.parameter(), point.get(a.parameter()));
                }
                Recipe candidate = RecipeEdits.withParameters(template, perModel, pool.experts(), global);
                String label = point.entrySet().stream().map(e -> e.getKey() + "=" + RecipeEdits.number(e.getValue()))
                        .collect(Collectors.joining(" "));
                tracker.evaluate(label, new LinkedHashMap<>(point), candidate);
            }
            String description = template.mergeMethod() + " grid of " + grid.size() + " points over "
                    + grid.axes().stream().map(Grid.Axis::parameter).collect(Collectors.joining(" x "))
                    + ", best by " + selection.name().toLowerCase(java.util.Locale.ROOT) + "; objective "
                    + objective.describe();
            return tracker.finish(description, -1, Map.of(), Map.of());
        }
    }
}
