package org.safemerge.experiment;

/**
 * Which pool models get genes in the reproduction's TIES and DARE-TIES EvoMM runs (SLERP always lists both models).
 * The instruct model is the base of the task vectors, so its own TIES genes change no merge; what the choice changes
 * is the search's start point, weight 1/n, and the number of genes CMA-ES moves.
 */
public enum GenomeMembers {
    /** The experts only: a two-model pool's search starts at the expert itself (weight 1). */
    EXPERTS,
    /**
     * Every pool model, the instruct model too, as the paper's released genome lists them (MergeAlign's
     * {@code genomic_1.yml}): a two-model pool's search starts halfway (weight 1/2), a three-model pool's at 1/3.
     */
    POOL
}
