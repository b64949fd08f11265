package org.safemerge.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.TokenExample;
import org.safemerge.model.Weights;
import org.safemerge.text.ChatMessage;

/** AdaMerging's losses, each on minibatches of its data drawn with the search's seed. */
abstract class AdaLoss {
    abstract NDArray loss(LanguageModel model, Weights w, Random random);

    static AdaLoss of(Objective objective, AdaMerging.Options options) {
        if (options.loss() == AdaMerging.Loss.CROSS_ENTROPY) {
            return new CrossEntropy(objective, options.batchSize());
        }
        List<int[]> prompts = new ArrayList<>();
        var format = objective.model().format();
        objective.safetyData().forEach(e -> prompts.add(format.prompt(List.of(ChatMessage.user(e.prompt())))));
        objective.expertData().forEach(e -> prompts.add(format.prompt(List.of(ChatMessage.user(e.prompt())))));
        return new Entropy(prompts, options.batchSize());
    }

    static <T> List<T> sample(List<T> all, int n, Random random) {
        if (all.size() <= n) {
            return all;
        }
        List<T> copy = new ArrayList<>(all);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(copy.size() - i);
            T tmp = copy.get(i);
            copy.set(i, copy.get(j));
            copy.set(j, tmp);
        }
        return copy.subList(0, n);
    }

    /** L_safety + alpha * L_expert (or L_expert) on one minibatch of each half. */
    static final class CrossEntropy extends AdaLoss {
        private final List<TokenExample> safety;
        private final List<TokenExample> expert;
        private final double alpha;
        private final int batchSize;

        CrossEntropy(Objective objective, int batchSize) {
            this.safety = objective.safetyExamples().stream().filter(e -> e.targetCount() > 0).toList();
            this.expert = objective.expertExamples().stream().filter(e -> e.targetCount() > 0).toList();
            this.alpha = objective.options().alpha();
            this.batchSize = batchSize;
        }

        @Override
        NDArray loss(LanguageModel model, Weights w, Random random) {
            NDArray le = model.tokenLoss(w, sample(expert, batchSize, random));            // []
            if (safety.isEmpty()) {
                return le;
            }
            NDArray ls = model.tokenLoss(w, sample(safety, batchSize, random));            // []
            // alpha as an array: DJL's autograd can lose Java scalar operands to garbage collection
            NDArray a = model.manager().create(alpha).toType(le.getDataType(), false);    // []
            return ls.add(le.mul(a));
        }
    }

    /** Mean next-token entropy over every position of a minibatch of prompts. */
    static final class Entropy extends AdaLoss {
        private final List<int[]> prompts;
        private final int batchSize;

        Entropy(List<int[]> prompts, int batchSize) {
            this.prompts = prompts;
            this.batchSize = batchSize;
        }

        @Override
        NDArray loss(LanguageModel model, Weights w, Random random) {
            List<int[]> batch = sample(prompts, batchSize, random);
            int t = batch.stream().mapToInt(p -> p.length).max().orElse(0);
            float[] mask = new float[batch.size() * t];
            for (int b = 0; b < batch.size(); b++) {
                java.util.Arrays.fill(mask, b * t, b * t + batch.get(b).length, 1f);
            }
            NDArray logits = model.forward(w, batch);                                      // [B, T, V]
            if (logits.getDataType() == DataType.FLOAT16) {
                logits = logits.toType(DataType.FLOAT32, false);
            }
            NDArray logp = logits.logSoftmax(2);                                           // [B, T, V]
            NDArray entropy = logp.exp().mul(logp).sum(new int[] {2}).neg();              // [B, T]
            NDArray m = model.manager().create(mask, new Shape(batch.size(), t))
                    .toType(entropy.getDataType(), false);                                 // [B, T]
            return entropy.mul(m).sum().div(m.sum());                                      // []
        }
    }
}
