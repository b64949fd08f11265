package org.safemerge.merge;

import java.util.List;
import org.safemerge.tensor.FloatTensor;

/**
 * A merge method: a pure function from one tensor's inputs ({@link TensorGroup}) and its resolved parameters
 * ({@link MergeParams}) to the merged tensor, plus the facts the planner needs to validate a recipe before any
 * tensor is read (model counts, base model role, parameters). One small class per method in
 * {@code org.safemerge.merge.method}; variant families are one configured class registered under several ids.
 * Register new methods in {@link MergeMethods}.
 */
public interface MergeMethod {
    /** What the recipe's {@code base_model} is to a method. */
    enum BaseRole {
        /** The base is a separate input the others are measured against (task vectors); it must be given. */
        REQUIRED,
        /** As REQUIRED, but the method also works without a base. */
        OPTIONAL,
        /** The base, if given, is merged like any other model (mergekit appends it to {@code models}). */
        AVERAGED,
        /** The method takes no base model. */
        NONE
    }

    /** How embedding and LM-head matrices of different vocabulary sizes are reconciled (mergekit's rules). */
    enum EmbeddingShapes {
        /** Every input is cut to the largest common top-left sub-matrix. */
        COMMON_SUBMATRIX,
        /** Other models are cut to the base's shape; a model smaller than the base is an error. */
        BASE_SHAPE,
        /** Shapes must match exactly. */
        MUST_MATCH
    }

    /** @return the id used in recipes ({@code merge_method}), identical to mergekit's */
    String id();

    /** @return a human name ("TIES-Merging") */
    String title();

    /** @return the paper (or reference) URL, or "" */
    String paperUrl();

    /** @return what the base model is to this method */
    BaseRole baseRole();

    /**
     * @return the fewest models the method merges: non-base models for REQUIRED and OPTIONAL roles, all inputs
     *     (base included) for AVERAGED and NONE
     */
    int minModels();

    /** @return the most models, counted as {@link #minModels()} */
    int maxModels();

    /** @return every parameter, global and per model */
    List<ParameterSpec> parameters();

    /** @return how mismatched embedding shapes are handled */
    default EmbeddingShapes embeddingShapes() {
        return EmbeddingShapes.MUST_MATCH;
    }

    /**
     * Checks constraints between resolved parameters (e.g. DELLA's density ± epsilon), before any tensor is read.
     *
     * @throws IllegalArgumentException saying which values conflict (the caller adds where)
     */
    default void check(MergeParams params) {
    }

    /**
     * Computes statistics over the whole model before the first tensor is merged (e.g. TIES' global top-k), handed
     * to every {@link #merge} call as {@link TensorGroup#prepared()}. The default needs none.
     *
     * @return the statistics, or null
     */
    default Object prepare(PlanGroups groups) {
        return null;
    }

    /**
     * Merges one tensor. Never modifies the inputs.
     *
     * @return a new tensor of the group's shape, owned by the caller
     * @throws IllegalArgumentException if the inputs cannot be merged (the message names the tensor)
     */
    FloatTensor merge(TensorGroup group, MergeParams params);

    /**
     * Runs the passes {@link #merge} needs before its last one and returns that last pass, for methods whose output
     * chunks can be computed independently once the earlier passes are done. The on-disk merge then encodes and
     * writes each chunk as soon as it is computed, instead of holding the whole float32 result. Must be exactly
     * what {@code merge} computes: {@code merge(g, p)} equals {@code g.map(outputPass(g, p))}. The default,
     * null, means the method only merges whole tensors.
     *
     * @return the output pass, or null
     */
    default TensorGroup.OutputPass outputPass(TensorGroup group, MergeParams params) {
        return null;
    }

    /**
     * @return the parameter of that name
     * @throws IllegalArgumentException listing the known parameters
     */
    default ParameterSpec parameter(String name) {
        for (ParameterSpec p : parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown parameter '" + name + "' for " + id() + "; known: "
                + MergeMethods.describeParameters(this));
    }
}
