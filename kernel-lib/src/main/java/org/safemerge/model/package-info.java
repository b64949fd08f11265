/**
 * The model runtime: Llama-family causal LMs ({@code LlamaForCausalLM}, {@code MistralForCausalLM},
 * {@code Qwen2ForCausalLM}) on DJL's PyTorch engine, CPU or GPU.
 *
 * <ul>
 *   <li>{@link org.safemerge.model.LanguageModel}: the entry point (load, generate, chat, score, train, save,
 *       swap weights, autograd hooks).</li>
 *   <li>{@link org.safemerge.model.ModelSpec}: config.json validated into a blueprint;
 *       {@link org.safemerge.model.Transformer}: the forward pass in one file; {@link org.safemerge.model.KvCache};
 *       {@link org.safemerge.model.Batch}: tokens, positions and masks.</li>
 *   <li>{@link org.safemerge.model.ChatFormat}: how prompts and (prompt, answer) pairs become tokens.</li>
 *   <li>Options and results: {@link org.safemerge.model.RuntimeOptions},
 *       {@link org.safemerge.model.GenerationOptions}, {@link org.safemerge.model.Generation},
 *       {@link org.safemerge.model.ScoreResult}, {@link org.safemerge.model.ChoiceResult},
 *       {@link org.safemerge.model.TrainingOptions}, {@link org.safemerge.model.TrainingReport}.</li>
 * </ul>
 *
 * <p><b>Ownership of native memory.</b> A {@code LanguageModel} owns one root {@code NDManager} on its device;
 * weights, constants and KV caches live in sub-managers of it and are taken out of any enclosing {@code NDScope}.
 * Every public method that computes runs its work inside its own {@code NDScope} and returns Java values, so
 * nothing leaks per call. The autograd hooks ({@code answerLoss}, {@code tokenLoss}, {@code forward}) return arrays
 * owned by the caller's current {@code NDScope}: open one around the step and keep it open until after
 * {@code backward()}. Weights reach DJL as float32 (BF16/F16 files are decoded in Java: the PyTorch engine aborts
 * on BF16).
 */
package org.safemerge.model;
