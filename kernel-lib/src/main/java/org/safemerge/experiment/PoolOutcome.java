package org.safemerge.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safemerge.merge.Recipe;
import tech.tablesaw.api.Table;

/**
 * What one pool's run produced.
 *
 * @param pool       the pool
 * @param rows       its rows: parents, then every merge
 * @param recipes    each merge's recipe, by a file-name stem ({@code ties-evomm-expert+safety})
 * @param objectives each EvoMM run's objective per evaluation, by the same stem
 * @param searches   each search's candidate table, by the same stem
 */
public record PoolOutcome(PoolSpec pool, List<ResultRow> rows, Map<String, Recipe> recipes,
                          Map<String, double[]> objectives, Map<String, Table> searches) {
    public PoolOutcome {
        rows = List.copyOf(rows);
        recipes = Collections.unmodifiableMap(new LinkedHashMap<>(recipes));
        objectives = Collections.unmodifiableMap(new LinkedHashMap<>(objectives));
        searches = Collections.unmodifiableMap(new LinkedHashMap<>(searches));
    }
}
