/**
 * Sparsifiers for task vectors, shared by the task-arithmetic family and testable alone: magnitude top-k (TIES),
 * random drop (DARE), magnitude outliers (Model Breadcrumbs), magnitude-ranked random pruning (DELLA's MagPrune),
 * and rescaling of what is kept.
 *
 * <p>Each works on every model of a {@link org.safemerge.merge.TensorGroup} at once, in passes over its chunks, and
 * returns one {@link org.safemerge.merge.sparsify.SparseDelta} (a bit mask plus scale factors) per model, never a
 * copy of the task vector. {@link org.safemerge.merge.sparsify.Sparsify} applies them to plain tensors for tests
 * and notebooks.
 */
package org.safemerge.merge.sparsify;
