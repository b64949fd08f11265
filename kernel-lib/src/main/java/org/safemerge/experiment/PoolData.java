package org.safemerge.experiment;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.data.MergeExample;

/**
 * A pool's synthetic merge data and where it came from.
 *
 * @param safety D_safety
 * @param expert D_expert
 * @param origin "generated" or "shipped copy at PATH", for the run's log
 */
public record PoolData(List<MergeExample> safety, List<MergeExample> expert, String origin) {
    public PoolData {
        safety = List.copyOf(safety);
        expert = List.copyOf(expert);
    }

    /** @return D_expert then D_safety: what the objective reads (the D_expert-only baseline ignores the safety lines) */
    public List<MergeExample> all() {
        List<MergeExample> out = new ArrayList<>(expert);
        out.addAll(safety);
        return out;
    }
}
