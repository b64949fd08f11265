package org.safemerge.data;

/**
 * How many questions survived each stage of a pipeline, for one model. Stages a pipeline does not have are 0.
 *
 * @param pipeline    {@code safety} or {@code expert}
 * @param model       the model the row is about: the question writer, or (safety) a pool model answering
 * @param role        {@code generator}, {@code answerer} (a safety pool model) or {@code expert}
 * @param sampled     raw replies sampled from the writer
 * @param unparsable  replies no question could be read from ({@link QuestionParser})
 * @param duplicates  parsed questions equal to an earlier one
 * @param testOverlap questions equal to a held-out evaluation prompt, dropped
 * @param inContext   (expert) questions equal to one of their prompt's in-context examples, dropped
 * @param unique      questions left after those drops (answerer rows: the questions it answered)
 * @param withRefusal (safety generator) questions at least one pool model refused; (answerer) questions this model
 *                    refused
 * @param kept        pairs written: (generator) safety pairs after the cap at K; (answerer) kept refusals written by
 *                    this model; (expert) pairs after the cap at K/(N-1)
 */
public record StageCounts(String pipeline, String model, String role, int sampled, int unparsable, int duplicates,
                          int testOverlap, int inContext, int unique, int withRefusal, int kept) {
}
