package org.safemerge.merge;

import java.util.List;
import java.util.function.Consumer;

/**
 * Access to every planned tensor's inputs, for methods that need statistics over the whole model before merging
 * tensor by tensor ({@link MergeMethod#prepare}).
 */
public interface PlanGroups {
    /** @return the planned tensors, in output order */
    List<PlannedTensor> tensors();

    /** Opens the inputs of planned tensor {@code index} as a group, runs {@code body}, then releases them. */
    void visit(int index, Consumer<TensorGroup> body);
}
