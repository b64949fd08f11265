package org.safemerge.io;

import java.util.List;
import org.safemerge.tensor.FloatTensor;

/**
 * Named tensors a model can be built from: a checkpoint on disk ({@link Checkpoint}) or a merge held in memory.
 * This is the seam that lets the data-aware search score a merged model without writing it to disk.
 */
public interface TensorSource {
    /** @return the tensor names, in a stable order */
    List<String> tensorNames();

    /** @return true if a tensor of that name can be loaded (aliases included, e.g. tied lm_head) */
    boolean contains(String name);

    /**
     * @return name, stored dtype and shape of a tensor
     * @throws IllegalArgumentException if there is no such tensor
     */
    TensorSpec spec(String name);

    /**
     * @return the tensor as float32; the caller owns the returned array
     * @throws IllegalArgumentException if there is no such tensor
     */
    FloatTensor load(String name);
}
