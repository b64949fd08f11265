package org.safemerge.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The synthetic merge data of one run.
 *
 * @param safety D_safety lines (harmful questions with a judged refusal)
 * @param expert D_expert lines (experts' own questions with their own answers)
 * @param stats  the stage counts ({@link SynthStats})
 */
public record SynthResult(List<MergeExample> safety, List<MergeExample> expert, Table stats) {
    public SynthResult {
        safety = List.copyOf(safety);
        expert = List.copyOf(expert);
    }

    /** @return all lines, D_safety first: what {@link MergeData#write} writes and the objective reads */
    public List<MergeExample> toData() {
        List<MergeExample> all = new ArrayList<>(safety.size() + expert.size());
        all.addAll(safety);
        all.addAll(expert);
        return all;
    }

    /** Writes {@link #toData()} as JSONL, atomically (the file is complete or absent). */
    public void write(Path jsonl) {
        MergeData.write(jsonl, toData());
    }
}
