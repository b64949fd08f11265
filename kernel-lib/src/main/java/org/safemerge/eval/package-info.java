/**
 * Evaluators that score a model's behaviour, the same for the tiny world and for full-size checkpoints.
 *
 * <p>They are programmed against three small functional interfaces, so that any model (the runtime's language
 * model, a remote service, fixed replies in a test) plugs in with one lambda:
 * <ul>
 *   <li>{@link org.safemerge.eval.Responder}: user prompts in, greedy chat replies out;</li>
 *   <li>{@link org.safemerge.eval.ChoiceScorer}: log-likelihood of each answer choice, for multiple choice;</li>
 *   <li>{@link org.safemerge.eval.TextGenerator}: raw text continuation, for a guard model.</li>
 * </ul>
 * A {@link org.safemerge.eval.Judge} decides whether a reply is safe: {@link org.safemerge.eval.RefusalJudge}
 * (rule-based, the tiny world's judge) or {@link org.safemerge.eval.GuardJudge} (a LLaMA-Guard-style model).
 *
 * <p>Every evaluator returns an {@link org.safemerge.eval.EvalResult}: a Tablesaw table with one row per prompt
 * (prompt, reply, verdict and why) and the summary score, savable as CSV.
 * {@link org.safemerge.eval.EvalSuite} runs the whole tiny suite and gives {@link org.safemerge.eval.ModelScores}
 * ({@code model, alignment, stem_acc, bio_acc, over_refusal}).
 *
 * <p>What the command line uses: {@link org.safemerge.eval.Evaluation} (the tiny suite, or a user's JSONL
 * {@link org.safemerge.eval.SuiteFile} with custom domains) gives a {@link org.safemerge.eval.ScoreCard} per model;
 * {@link org.safemerge.eval.ModelAdapters} adapts the runtime's language model to the three interfaces;
 * {@link org.safemerge.eval.JudgeSpec} turns {@code refusal} / {@code guard:DIR} into a judge. The spoil detector,
 * {@link org.safemerge.eval.SpoilScreen}, measures every input model of a merge recipe and returns a
 * {@link org.safemerge.eval.SpoilReport} that warns about the models that would spoil the bunch.
 */
package org.safemerge.eval;
