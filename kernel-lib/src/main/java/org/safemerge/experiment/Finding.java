package org.safemerge.experiment;

import java.util.List;

/**
 * One of the paper's findings checked against the reproduction's numbers.
 *
 * @param number   1, 2 or 3 (PAPER.md's order)
 * @param claim    the finding in one sentence
 * @param holds    whether the numbers show it (in every pool)
 * @param evidence one line per pool with the numbers the verdict rests on
 */
public record Finding(int number, String claim, boolean holds, List<String> evidence) {
    public Finding {
        evidence = List.copyOf(evidence);
    }

    /** @return "holds" or "does not hold" */
    public String verdict() {
        return holds ? "holds" : "does not hold";
    }

    /** @return the finding as a Markdown list item with its evidence as sub-items */
    public String markdown() {
        StringBuilder sb = new StringBuilder().append(number).append(". ").append(claim).append(" **")
                .append(verdict().toUpperCase(java.util.Locale.ROOT)).append("**\n");
        evidence.forEach(e -> sb.append("   - ").append(e).append('\n'));
        return sb.toString();
    }
}
