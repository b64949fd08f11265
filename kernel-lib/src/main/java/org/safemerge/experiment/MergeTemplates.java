package org.safemerge.experiment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Recipe;
import org.safemerge.search.Grid;

/**
 * The recipes a pool's searches start from, and their grids.
 *
 * <ul>
 *   <li>TIES / DARE-TIES: {@code base_model} the instruct model, {@code models:} the experts (weight 1, density 1),
 *       {@code normalize: false}. Without normalisation the weight scales each expert's task vector, so the grid's
 *       and EvoMM's weights matter even with one expert (mergekit's default {@code normalize: true} divides a
 *       single expert's weight out). With {@link GenomeMembers#POOL} the instruct model is listed under
 *       {@code models:} too, as the paper's released genome lists it: an entry with no task vector, so it changes no
 *       merge, but EvoMM then gives it genes and starts every weight at 1/(pool size).</li>
 *   <li>SLERP: the instruct model (base) and the expert, t 0.5.</li>
 * </ul>
 * Model paths are absolute, so the written recipes rebuild the merges from anywhere.
 */
public final class MergeTemplates {
    private MergeTemplates() {
    }

    /**
     * @param genome which pool models EvoMM gives genes (TIES and DARE-TIES; SLERP lists both models either way)
     * @return the template of {@code method} ({@code ties}, {@code dare_ties} or {@code slerp}) over the pool
     */
    public static Recipe of(PoolSpec pool, String method, Path zoo, GenomeMembers genome) {
        String base = path(zoo, pool.instruct());
        Recipe.Builder b = Recipe.builder(method).baseModel(base).dtype("float32");
        switch (method) {
            case "ties", "dare_ties" -> {
                // an ordered map: the written recipes list weight before density on every run (Map.of has no order)
                Map<String, Object> start = new LinkedHashMap<>();
                start.put("weight", 1.0);
                start.put("density", 1.0);
                if (genome == GenomeMembers.POOL) {
                    b.model(base, start);
                }
                pool.experts().forEach(e -> b.model(path(zoo, e), start));
                b.parameter("normalize", false);
            }
            case "slerp" -> {
                if (pool.experts().size() != 1) {
                    throw new IllegalArgumentException("pool " + pool.id() + ": SLERP merges two models, the pool has "
                            + pool.members().size());
                }
                b.model(base).model(path(zoo, pool.experts().get(0))).parameter("t", 0.5);
            }
            default -> throw new IllegalArgumentException("the reproduction merges with ties, dare_ties or slerp, not "
                    + method);
        }
        return b.build();
    }

    /**
     * @param small a 2 x 2 grid (density, weight in {0.5, 1.0}; three models: weight in {0.33, 0.5}) and t in
     *              {0.3, 0.5, 0.7}, for quick runs; otherwise the paper's grid ({@link Grid#paper})
     */
    public static Grid grid(Recipe template, boolean small) {
        if (!small) {
            return Grid.paper(template);
        }
        if (template.mergeMethod().equals("slerp")) {
            return Grid.of(new Grid.Axis("t", Grid.Scope.GLOBAL, List.of(0.3, 0.5, 0.7)));
        }
        boolean two = template.models().size() == 1;
        return Grid.of(new Grid.Axis("density", Grid.Scope.PER_MODEL, List.of(0.5, 1.0)),
                new Grid.Axis("weight", Grid.Scope.PER_MODEL, two ? List.of(0.5, 1.0) : List.of(0.33, 0.5)));
    }

    private static String path(Path zoo, String model) {
        return zoo.resolve(model).toAbsolutePath().normalize().toString();
    }
}
