/**
 * The merge engine: mergekit recipes, per-tensor planning and streaming execution.
 *
 * <ul>
 *   <li>{@link org.safemerge.merge.Recipe}: a mergekit YAML recipe as data ({@code Recipe.load}, {@code Recipe.parse},
 *       {@code Recipe.builder}, {@code toYaml}), validated before any tensor is read.</li>
 *   <li>{@link org.safemerge.merge.MergePlan}: every output tensor with its inputs and its parameters resolved
 *       (gradients, filters, precedence); what {@code safemerge merge --dry-run} prints.</li>
 *   <li>{@link org.safemerge.merge.Merger}: runs a plan into an output directory (streaming, sharded, atomic) or
 *       into a {@link org.safemerge.io.TensorSet} in memory; both produce the same tensors.</li>
 *   <li>{@link org.safemerge.merge.MergeMethod} and the explicit registry {@link org.safemerge.merge.MergeMethods};
 *       the methods live in {@code merge.method}, the shared sparsifiers in {@code merge.sparsify}.</li>
 * </ul>
 *
 * <p>Maths runs in plain Java on float32, one tensor at a time. A method sees its inputs through a
 * {@link org.safemerge.merge.TensorGroup}: read-only views decoded chunk by chunk (from memory maps or arrays), so
 * memory stays a small multiple of the largest tensor whatever the model size. Work inside a tensor is split over
 * a fixed grid of chunks ({@link org.safemerge.merge.ChunkGrid}); reductions are combined in grid order and every
 * random draw is seeded by (seed, tensor, model, chunk), so the thread count never changes an output byte.
 *
 * <p>Ownership: a method never modifies its inputs; the tensor it returns is new and owned by the caller.
 */
package org.safemerge.merge;
