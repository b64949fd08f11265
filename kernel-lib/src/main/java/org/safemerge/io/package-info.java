/**
 * Checkpoint I/O: safetensors files (memory-mapped with the FFM API, validated as the reference implementation
 * does), the streaming and sharded writers, Hugging Face model directories and their {@code config.json}.
 *
 * <p>Ownership: a {@link org.safemerge.io.SafetensorsFile} or {@link org.safemerge.io.Checkpoint} owns its memory
 * maps and releases them on {@code close()}; segments it hands out must not outlive it. Tensors read as
 * {@link org.safemerge.tensor.FloatTensor} are heap copies owned by the caller. Outputs are written into an
 * {@link org.safemerge.io.AtomicDirectory} and appear only when complete; inputs are opened read-only.
 *
 * <p>Errors in an input file are {@link org.safemerge.io.CheckpointFormatException}s naming the file, the tensor
 * and the rule broken.
 */
package org.safemerge.io;
