package org.safemerge.data;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * What the synthetic-data pipelines made.
 *
 * <p>TEMPORARY copy of the synth branch's API (deleted when that branch is merged).
 *
 * @param safety D_safety: harmful questions, each with one judged refusal of a pool model
 * @param expert D_expert: each expert's own questions with its own answers
 * @param stats  counts per stage (sampled, unique, kept) and set
 */
public record SynthResult(List<MergeExample> safety, List<MergeExample> expert, Table stats) {
    public SynthResult {
        safety = List.copyOf(safety);
        expert = List.copyOf(expert);
    }

    /** @return D_expert followed by D_safety, the objective's merge data */
    public List<MergeExample> all() {
        java.util.List<MergeExample> out = new java.util.ArrayList<>(expert);
        out.addAll(safety);
        return out;
    }
}
