package org.safemerge.model;

import java.util.SplittableRandom;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.io.TensorSpec;
import org.safemerge.tensor.FloatTensor;

/**
 * Seeded random weights for a fresh model: normal(0, initializer_range) for embeddings and projections, with the
 * projections that write into the residual stream ({@code o_proj}, {@code down_proj}) scaled by
 * {@code 1/sqrt(2 * layers)} (GPT-2's residual scaling, which keeps deep stacks stable from step 0); norms 1,
 * biases 0. The same config and seed give bit-identical weights on every JVM.
 *
 * @see <a href="https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf">
 *     GPT-2, section 2.3</a>
 */
public final class RandomInit {
    private RandomInit() {
    }

    /**
     * @param config the model's config (validated as a {@link ModelSpec})
     * @param seed   the seed
     * @return every tensor of the model, float32
     * @throws IllegalArgumentException if the config is not a supported model
     */
    public static TensorSet weights(ModelConfig config, long seed) {
        ModelSpec spec = ModelSpec.from(config);
        double std = spec.initializerRange();
        double residualStd = std / Math.sqrt(2.0 * spec.numLayers());
        SplittableRandom rnd = new SplittableRandom(seed);
        TensorSet set = new TensorSet();
        for (TensorSpec t : spec.tensors()) {
            float[] v = new float[Math.toIntExact(t.numel())];
            String n = t.name();
            if (n.endsWith("norm.weight")) {
                java.util.Arrays.fill(v, 1f);
            } else if (!n.endsWith(".bias")) {
                double s = n.contains("o_proj") || n.contains("down_proj") ? residualStd : std;
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (gaussian(rnd) * s);
                }
            }
            set.put(n, new FloatTensor(t.shape(), v));
        }
        return set;
    }

    /** A standard normal sample by Box-Muller from a seeded stream (portable, unlike nextGaussian's history). */
    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
