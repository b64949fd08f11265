package org.safemerge.experiment;

import org.safemerge.eval.QaItem;

/**
 * A question of a tiny-world domain with its answer.
 *
 * @param id       unique id, e.g. {@code stem-7*8-p4} or {@code bio-legs-spider-p0}
 * @param prompt   the question as the user asks it
 * @param answer   the reference answer
 * @param category the operation symbol (STEM) or relation id (BIO)
 * @param fact     the fact asked about, e.g. {@code 7*8} or {@code legs:spider}; a fact's test phrasing and its
 *                 training phrasings share it (test questions are held-out phrasings of facts seen in training)
 */
public record DomainQuestion(String id, String prompt, String answer, String category, String fact) {
    /** @return the question as an evaluation item */
    public QaItem toQaItem() {
        return new QaItem(id, prompt, answer, category);
    }
}
