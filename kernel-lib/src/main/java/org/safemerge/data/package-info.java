/**
 * Data for data-aware merging: the (prompt, answer) lines the objective scores and the synthetic-data pipelines
 * write.
 *
 * <ul>
 *   <li>{@link org.safemerge.data.MergeExample}: one line, {@code {"prompt", "answer", "type": "safety"|"expert",
 *       "source_model", "category"}}.</li>
 *   <li>{@link org.safemerge.data.MergeData}: reads and writes those lines as JSONL (one object per line, UTF-8),
 *       strictly: a malformed line is refused with its file and line number.</li>
 * </ul>
 *
 * <pre>
 * List&lt;MergeExample&gt; data = MergeData.read(Path.of("data.jsonl"));
 * List&lt;MergeExample&gt; safety = MergeData.ofType(data, MergeExample.Type.SAFETY);
 * MergeData.write(Path.of("copy.jsonl"), data);
 * </pre>
 */
package org.safemerge.data;
