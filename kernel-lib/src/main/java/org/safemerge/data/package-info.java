/**
 * Data for data-aware merging: the (prompt, answer) lines the objective scores and the synthetic-data pipelines
 * write.
 *
 * <ul>
 *   <li>{@link org.safemerge.data.MergeExample}: one line, {@code {"prompt", "answer", "type": "safety"|"expert",
 *       "source_model", "category"}}.</li>
 *   <li>{@link org.safemerge.data.MergeData}: reads and writes those lines as JSONL (one object per line, UTF-8),
 *       strictly: a malformed line is refused with its file and line number.</li>
 *   <li>{@link org.safemerge.data.SyntheticData}: the paper's synthetic data for a pool of checkpoints, D_safety
 *       ({@link org.safemerge.data.SafetyDataPipeline}: a generator samples harmful questions per BeaverTails
 *       category, every pool model answers greedily, the judge finds refusals, one is kept per question) and
 *       D_expert ({@link org.safemerge.data.ExpertDataPipeline}: each expert samples questions of its domain from
 *       three in-context training examples and answers them itself), seeded ({@link org.safemerge.data.SynthOptions}),
 *       with stage counts ({@link org.safemerge.data.SynthStats}) and a held-out guard
 *       ({@link org.safemerge.data.HeldOutGuard}).</li>
 * </ul>
 *
 * <pre>
 * List&lt;MergeExample&gt; data = MergeData.read(Path.of("data.jsonl"));
 * List&lt;MergeExample&gt; safety = MergeData.ofType(data, MergeExample.Type.SAFETY);
 * MergeData.write(Path.of("copy.jsonl"), data);
 *
 * Path zoo = Path.of("datasets/tiny-world/zoo");
 * SynthResult r = SyntheticData.generate(zoo.resolve("tiny-instruct"), List.of(zoo.resolve("tiny-math")),
 *         zoo.resolve("tiny-math"), new RefusalJudge(), TinyWorldFiles.suite(Path.of("datasets/tiny-world")),
 *         SynthOptions.defaults().withK(100));
 * r.write(Path.of("data.jsonl"));
 * </pre>
 */
package org.safemerge.data;
