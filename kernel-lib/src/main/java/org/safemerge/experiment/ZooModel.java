package org.safemerge.experiment;

import java.util.List;

/**
 * A model of the tiny zoo: where it starts (from scratch, or from another zoo model's weights) and its training
 * stages, run in order.
 *
 * @param name   the model's name and directory name, e.g. {@code tiny-math}
 * @param parent the zoo model it is fine-tuned from, or null for a model trained from scratch
 * @param stages the training stages
 * @param role   one line on what the model is for in the experiment
 */
public record ZooModel(String name, String parent, List<TrainingStage> stages, String role) {
    public ZooModel {
        stages = List.copyOf(stages);
    }

    /** @return the total number of optimiser steps */
    public int totalSteps() {
        return stages.stream().mapToInt(TrainingStage::steps).sum();
    }
}
