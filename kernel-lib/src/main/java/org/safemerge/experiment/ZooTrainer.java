package org.safemerge.experiment;

import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import org.safemerge.model.TrainingOptions;
import org.safemerge.model.TrainingReport;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Runs one {@link TrainingStage} on a model with the runtime's training loop. */
final class ZooTrainer {
    private ZooTrainer() {
    }

    /** Trains {@code model} in place on the stage's sampled mix, logging a line every quarter of the stage. */
    static TrainingReport train(LanguageModel model, TrainingStage stage, TinyWorldData data, PrintWriter log,
            String label) {
        List<ChatExample> examples = stage.sample(data);
        List<PromptAnswer> pairs = examples.stream().map(e -> new PromptAnswer(e.prompt(), e.answer())).toList();
        TrainingOptions options = TrainingOptions.builder()
                .steps(stage.steps())
                .batchSize(stage.batchSize())
                .learningRate(stage.lr())
                .minLearningRate(stage.lr() * stage.minLrFraction())
                .warmupSteps(stage.warmup())
                .weightDecay(0)
                .gradClip(1.0)
                .seed(stage.seed())
                .trainable(stage.trainable())
                .minDeltaScale(stage.minDeltaScale())
                .build();
        int every = Math.max(1, stage.steps() / 4);
        long started = System.nanoTime();
        return model.train(pairs, stage.fullScale(examples), options, (step, loss, lr, norm) -> {
            if (step % every == 0 && step < stage.steps()) {
                log.println(String.format(Locale.ROOT, "%s: step %d/%d, loss %.4f, %.0f s", label, step,
                        stage.steps(), loss, (System.nanoTime() - started) / 1e9));
            }
            return true;
        });
    }
}
