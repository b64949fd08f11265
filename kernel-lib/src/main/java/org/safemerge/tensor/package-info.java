/**
 * In-memory tensors for the merge engine and the search: {@link org.safemerge.tensor.FloatTensor}, a dense float32
 * array with a shape. Model execution uses DJL NDArrays instead (package {@code model}).
 */
package org.safemerge.tensor;
