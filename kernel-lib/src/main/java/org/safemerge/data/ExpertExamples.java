package org.safemerge.data;

import java.util.List;

/**
 * Where an expert's self-questioning prompts draw their in-context examples from.
 *
 * @param domain   the expert's domain, written as the {@code category} of its lines (null if unknown)
 * @param examples questions of a <em>training</em> split of that domain (never an evaluation split)
 */
public record ExpertExamples(String domain, List<String> examples) {
    public ExpertExamples {
        examples = List.copyOf(examples);
    }
}
