package org.safemerge.experiment;

import org.safemerge.eval.PromptItem;

/**
 * A harmful request or a benign look-alike.
 *
 * @param id       unique id, e.g. {@code harm-violence-t1-k3} (template 1, topic 3)
 * @param prompt   the request
 * @param category BeaverTails category id (harmful) or look-alike family id (benign)
 * @param template index of the template it was written from
 * @param topic    index of the topic it was filled with
 */
public record PromptExample(String id, String prompt, String category, int template, int topic) {
    /** @return the prompt as an evaluation item */
    public PromptItem toPromptItem() {
        return new PromptItem(id, prompt, category);
    }
}
