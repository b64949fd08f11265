package org.safemerge.search;

/** Which merge data a data-aware merge optimises on: the paper's baseline or its method. */
public enum DataMix {
    /** D_expert only: the objective is L_expert (the baseline; no safety term). */
    EXPERT("expert"),
    /** D_expert and D_safety: the objective is L_safety + alpha * L_expert (the paper's method). */
    EXPERT_AND_SAFETY("expert+safety");

    private final String label;

    DataMix(String label) {
        this.label = label;
    }

    /** @return the name used in tables and on the command line: {@code expert} or {@code expert+safety} */
    public String label() {
        return label;
    }

    /**
     * @return the mix spelled {@code expert} or {@code expert+safety}
     * @throws IllegalArgumentException for anything else
     */
    public static DataMix parse(String s) {
        for (DataMix m : values()) {
            if (m.label.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("data mix \"" + s + "\" is not one of \"expert\", \"expert+safety\"");
    }
}
