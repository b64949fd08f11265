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
 * @param key    the options and models it was made with, as one line of JSON (what a shipped copy must match)
 */
public record PoolData(List<MergeExample> safety, List<MergeExample> expert, String origin, String key) {
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
