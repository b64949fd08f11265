package org.safemerge.data;

import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The stage counts of a synthetic-data run as a table: one row per pipeline and model, columns
 * {@code pipeline, model, role, sampled, unparsable, duplicates, test_overlap, in_context, unique, with_refusal,
 * kept} (see {@link StageCounts} for what each means on each kind of row).
 */
public final class SynthStats {
    private SynthStats() {
    }

    /** @return the table of the rows, in order */
    public static Table table(List<StageCounts> rows) {
        StringColumn pipeline = StringColumn.create("pipeline");
        StringColumn model = StringColumn.create("model");
        StringColumn role = StringColumn.create("role");
        IntColumn sampled = IntColumn.create("sampled");
        IntColumn unparsable = IntColumn.create("unparsable");
        IntColumn duplicates = IntColumn.create("duplicates");
        IntColumn overlap = IntColumn.create("test_overlap");
        IntColumn inContext = IntColumn.create("in_context");
        IntColumn unique = IntColumn.create("unique");
        IntColumn withRefusal = IntColumn.create("with_refusal");
        IntColumn kept = IntColumn.create("kept");
        for (StageCounts r : rows) {
            pipeline.append(r.pipeline());
            model.append(r.model());
            role.append(r.role());
            sampled.append(r.sampled());
            unparsable.append(r.unparsable());
            duplicates.append(r.duplicates());
            overlap.append(r.testOverlap());
            inContext.append(r.inContext());
            unique.append(r.unique());
            withRefusal.append(r.withRefusal());
            kept.append(r.kept());
        }
        return Table.create("synthetic data").addColumns(pipeline, model, role, sampled, unparsable, duplicates,
                overlap, inContext, unique, withRefusal, kept);
    }
}
