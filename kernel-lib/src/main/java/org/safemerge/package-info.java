/**
 * SafeMerge: merging large language models without losing their safety.
 *
 * <p>Packages: {@code io} (checkpoints), {@code tensor} (in-memory tensors), {@code merge} (mergekit methods and
 * recipes), {@code model} and {@code text} (the Llama-family runtime on DJL), {@code data} (tiny-world tasks and the
 * synthetic-data pipelines), {@code eval} (judges and evaluators), {@code search} (data-aware merging),
 * {@code experiment} (the tiny world and the paper in miniature), {@code notebook} (display and plots), {@code kernel}
 * (the Jupyter kernel), {@code cli} (the command line), {@code progress}.
 */
package org.safemerge;
