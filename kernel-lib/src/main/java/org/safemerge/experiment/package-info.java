/**
 * The tiny world and the paper's experiment on it.
 *
 * <ul>
 *   <li>The world's content: {@link org.safemerge.experiment.TinyWorldData} (STEM, BIO, harmful and benign sets with
 *       held-out test splits), {@link org.safemerge.experiment.HarmCategory}, the tokenizer
 *       ({@link org.safemerge.experiment.TinyTokenizer}), the zoo's training recipes
 *       ({@link org.safemerge.experiment.ZooModel}, {@link org.safemerge.experiment.Ingredient}) and the files
 *       ({@link org.safemerge.experiment.TinyWorldFiles}, {@link org.safemerge.experiment.Manifest}).</li>
 *   <li>The paper in miniature ({@code safemerge reproduce}): {@link org.safemerge.experiment.Reproduction} runs
 *       each {@link org.safemerge.experiment.PoolSpec} with {@link org.safemerge.experiment.PoolReproduction}
 *       (grid search, EvoMM, LM-Cocktail; merges scored by {@link org.safemerge.experiment.HeldOutScorer}), checks
 *       the paper's {@link org.safemerge.experiment.Findings} and writes a
 *       {@link org.safemerge.experiment.ReproductionResult} (CSV via {@link org.safemerge.experiment.ResultCsv},
 *       Markdown via {@link org.safemerge.experiment.PaperTables}, plots, recipes);
 *       {@link org.safemerge.experiment.AblationSweep} runs the ablations.</li>
 * </ul>
 */
package org.safemerge.experiment;
