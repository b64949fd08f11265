package org.safemerge.model;

import ai.djl.ndarray.NDArray;

/**
 * Where the forward pass gets its tensors, by Hugging Face name. Usually {@link ModelWeights} (arrays loaded from a
 * checkpoint or an in-memory merge); for AdaMerging, a map built per step whose arrays are computed inside the
 * autograd graph ({@code theta0 + sum_k lambda_k * tau_k}), so gradients flow back to the coefficients.
 *
 * <p>Ownership: the provider owns the arrays it returns; the forward pass never closes them.
 */
@FunctionalInterface
public interface Weights {
    /**
     * @param name a tensor name from {@link ModelSpec#tensors()} (lm_head is asked for as
     *             {@link ModelSpec#lmHeadName()})
     * @return the tensor, float32 (or the model's compute type), on the model's device
     * @throws IllegalArgumentException if there is no such tensor
     */
    NDArray get(String name);
}
