package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.Checkpoint;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/**
 * AdaMerging's need: the loss of a merged model theta = theta0 + lambda_a * tau (layer 0 and embeddings) +
 * lambda_b * tau (everything else), differentiated with respect to the coefficients through
 * {@link LanguageModel#answerLoss}. Checked against central finite differences in float64.
 */
class MergeCoefficientGradientTest {
    @TempDir
    Path dir;

    private static final List<PromptAnswer> PAIRS = List.of(new PromptAnswer("2+3?", "5"),
            new PromptAnswer("hello", "hi there"), new PromptAnswer("a", "bcd"));

    @Test
    void coefficientGradientsMatchFiniteDifferences() {
        Path base = CharTokenizer.writeTo(PicoLlama.builder().vocab(128).heads(4).kvHeads(2).tied(true).std(0.2)
                .seed(5).writeTo(dir.resolve("base")));
        Path expert = PicoLlama.variant(base, dir.resolve("expert"), 0.1, 6);
        for (Precision p : new Precision[] {Precision.FLOAT64, Precision.FLOAT32}) {
            try (LanguageModel model = LanguageModel.load(base, RuntimeOptions.cpu().withPrecision(p));
                 Checkpoint e = Checkpoint.open(expert);
                 NDManager m = model.manager().newSubManager()) {
                DataType type = p.dataType();
                Map<String, NDArray> theta0 = new HashMap<>();
                Map<String, NDArray> tau = new HashMap<>();
                for (Map.Entry<String, NDArray> w : model.weights().arrays().entrySet()) {
                    theta0.put(w.getKey(), w.getValue());
                    NDArray ex = m.create(e.load(w.getKey()).data(), w.getValue().getShape()).toType(type, false);
                    tau.put(w.getKey(), ex.sub(w.getValue()));
                }
                double[] lambda = {0.3, 0.7};
                double[] grad = gradient(model, m, theta0, tau, lambda, false);
                double h = 1e-4;
                for (int k = 0; k < 2; k++) {
                    double[] up = lambda.clone();
                    double[] down = lambda.clone();
                    up[k] += h;
                    down[k] -= h;
                    double fd = (loss(model, m, theta0, tau, up) - loss(model, m, theta0, tau, down)) / (2 * h);
                    double tol = p == Precision.FLOAT64 ? 1e-6 : 2e-2;
                    assertEquals(fd, grad[k], tol * Math.max(1e-3, Math.abs(fd)), p + " coefficient " + k);
                    assertTrue(Math.abs(fd) > 1e-4, "a vanishing gradient would make the check meaningless: " + fd);
                }
                if (p == Precision.FLOAT32) {
                    // A garbage collection between forward and backward must not change the result: the forward
                    // pass keeps its constants as arrays, never as Java scalars DJL could lose to GC.
                    double[] again = gradient(model, m, theta0, tau, lambda, true);
                    assertEquals(grad[0], again[0], 0);
                    assertEquals(grad[1], again[1], 0);
                }
            }
        }
    }

    private static double[] gradient(LanguageModel model, NDManager m, Map<String, NDArray> theta0,
                                     Map<String, NDArray> tau, double[] lambda, boolean collectGarbage) {
        DataType type = theta0.values().iterator().next().getDataType();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray a = m.create(lambda[0]).toType(type, false);
            NDArray b = m.create(lambda[1]).toType(type, false);
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.answerLoss(merged(theta0, tau, a, b), PAIRS);
                if (collectGarbage) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                    }
                }
                gc.backward(loss);
            }
            return new double[] {a.getGradient().toType(DataType.FLOAT64, false).getDouble(),
                b.getGradient().toType(DataType.FLOAT64, false).getDouble()};
        }
    }

    private static double loss(LanguageModel model, NDManager m, Map<String, NDArray> theta0,
                               Map<String, NDArray> tau, double[] lambda) {
        DataType type = theta0.values().iterator().next().getDataType();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray a = m.create(lambda[0]).toType(type, false);
            NDArray b = m.create(lambda[1]).toType(type, false);
            return model.answerLoss(merged(theta0, tau, a, b), PAIRS).toType(DataType.FLOAT64, false).getDouble();
        }
    }

    /** theta0 + lambda * tau, lambda a for the embeddings and layer 0, b for the rest; cached per forward. */
    private static Weights merged(Map<String, NDArray> theta0, Map<String, NDArray> tau, NDArray a, NDArray b) {
        Map<String, NDArray> cache = new HashMap<>();
        return name -> cache.computeIfAbsent(name, n -> {
            NDArray coefficient = n.startsWith("model.layers.0.") || n.equals(ModelSpec.EMBED) ? a : b;
            return theta0.get(n).add(tau.get(n).mul(coefficient));
        });
    }
}
