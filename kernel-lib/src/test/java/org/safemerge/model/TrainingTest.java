package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.safemerge.io.DType;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.merge.MergeOptions;
import org.safemerge.merge.Merger;
import org.safemerge.merge.Recipe;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;
import org.safemerge.text.Tokenizer;

class TrainingTest {
    @TempDir
    Path dir;

    private static final String[] WORDS = {"cat", "dog", "sun", "map", "red", "box", "pen", "cup", "owl", "ant",
        "fig", "jam"};

    private static List<PromptAnswer> reversals() {
        List<PromptAnswer> pairs = new ArrayList<>();
        for (String w : WORDS) {
            pairs.add(new PromptAnswer(w, new StringBuilder(w).reverse().toString()));
        }
        return pairs;
    }

    private ModelConfig config() {
        return PicoLlama.builder().architecture("llama").hidden(48).intermediate(96).heads(4).kvHeads(2).layers(2)
                .vocab(128).config();
    }

    @Test
    void learnsAMappingFromRandomInitAndSavesAHuggingFaceDirectory() {
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        TrainingOptions o = TrainingOptions.builder().steps(300).batchSize(12).learningRate(1e-2).warmupSteps(20)
                .seed(3).build();
        try (Tokenizer tok = Tokenizer.load(tokDir);
             LanguageModel m = LanguageModel.random(config(), 1, tok, RuntimeOptions.cpu())) {
            double before = m.score(reversals()).meanLoss();
            assertTrue(before > 3.5, "random init should be near ln(128) = 4.85, got " + before);
            TrainingReport r = m.train(reversals(), o);
            assertEquals(300, r.steps());
            assertTrue(r.finalLoss(10) < 0.05, "loss after training: " + r.finalLoss(10));
            assertEquals(r.finalLoss(1), r.losses()[299]);
            assertEquals(o.learningRate(), r.learningRates()[19], 1e-12);
            assertEquals(o.minLearningRate(), r.learningRates()[299], 1e-4);
            assertTrue(m.score(reversals()).meanLoss() < 0.05);
            List<String> replies = m.chat(List.of(WORDS), GenerationOptions.greedy(8));
            for (int i = 0; i < WORDS.length; i++) {
                assertEquals(reversals().get(i).answer(), replies.get(i), "reply to " + WORDS[i]);
            }

            Path saved = dir.resolve("trained");
            m.save(saved);
            assertTrue(Files.exists(saved.resolve("model.safetensors")));
            assertTrue(Files.exists(saved.resolve("tokenizer.json")));
            assertTrue(Files.exists(saved.resolve("tokenizer_config.json")));
            assertEquals(DType.F32, ModelConfig.read(saved.resolve("config.json")).torchDtype());
            try (LanguageModel loaded = LanguageModel.load(saved, RuntimeOptions.cpu())) {
                int[] t = loaded.format().prompt(List.of(org.safemerge.text.ChatMessage.user("cat")));
                assertArrayEquals(m.logits(t).data(), loaded.logits(t).data(), 0f);
                assertEquals(replies, loaded.chat(List.of(WORDS), GenerationOptions.greedy(8)));
            }
            m.save(dir.resolve("bf16"), DType.BF16, false);
            assertEquals(DType.BF16, ModelConfig.read(dir.resolve("bf16/config.json")).torchDtype());
            IllegalArgumentException exists = assertThrows(IllegalArgumentException.class, () -> m.save(saved));
            assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.25})
    void sameSeedSameRun(double minDeltaScale) {
        TrainingOptions o = TrainingOptions.builder().steps(15).batchSize(5).learningRate(3e-3).warmupSteps(3)
                .seed(9).minDeltaScale(minDeltaScale).build();
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        Run[] runs = new Run[2];
        try (Tokenizer tok = Tokenizer.load(tokDir)) {
            for (int run = 0; run < 2; run++) {
                runs[run] = trainFromRandomInit(tok, o, new BitSet());
            }
        }
        assertArrayEquals(runs[0].losses(), runs[1].losses());
        assertSameWeights(runs[0].weights(), runs[1].weights());
        assertEquals(RandomInit.weights(config(), 4).get("model.layers.1.mlp.up_proj.weight"),
                RandomInit.weights(config(), 4).get("model.layers.1.mlp.up_proj.weight"));
    }

    @Test
    void listenerCanStopEarlyAndAllTokensTrainsOnPrompts() throws Exception {
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        try (Tokenizer tok = Tokenizer.load(tokDir);
             LanguageModel m = LanguageModel.random(config(), 2, tok, RuntimeOptions.cpu())) {
            TrainingOptions o = TrainingOptions.builder().steps(50).batchSize(4).allTokens(true).build();
            TrainingReport r = m.train(reversals(), o, (step, loss, lr, norm) -> step < 7);
            assertEquals(7, r.steps());
            // all tokens: every pair of "<bos><|user|>abc\n<|assistant|>cba<eos>" has 10 targets
            assertEquals(7 * 4 * 10, r.targetTokens());
            Path csv = dir.resolve("loss.csv");
            r.writeCsv(csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals(8, lines.size());
            assertEquals("step,loss,learning_rate,grad_norm", lines.get(0));
            assertTrue(lines.get(7).startsWith("7,"), lines.get(7));
        }
    }

    @Test
    void onlyTheTrainableTensorsChange() {
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        TrainingOptions o = TrainingOptions.builder().steps(10).batchSize(4).learningRate(1e-2).warmupSteps(0)
                .trainable("model\\.layers\\.1\\..*").build();
        try (Tokenizer tok = Tokenizer.load(tokDir);
             LanguageModel m = LanguageModel.random(config(), 5, tok, RuntimeOptions.cpu())) {
            TensorSet before = m.weightsSnapshot();
            m.train(reversals(), o);
            TensorSet after = m.weightsSnapshot();
            int trained = 0;
            for (String name : before.tensorNames()) {
                boolean same = java.util.Arrays.equals(before.get(name).data(), after.get(name).data());
                if (name.startsWith("model.layers.1.")) {
                    assertTrue(!same, name + " is trainable and should have changed");
                    trained++;
                } else {
                    assertTrue(same, name + " is frozen and should not have changed");
                }
            }
            assertEquals(9, trained, "layer 1: q, k, v, o, gate, up, down and two norms");
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> m.train(reversals(),
                    TrainingOptions.builder().steps(1).trainable("lm_head\\.bias").build()));
            assertTrue(none.getMessage().contains("matches none"), none.getMessage());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().trainable("model.layers.(").build());
        assertTrue(bad.getMessage().contains("not a regular expression"), bad.getMessage());
    }

    /**
     * Task-vector scale noise: trained with minDeltaScale 0.25, the model still knows the mapping at half of the
     * change it made (start + 0.5 * delta); trained the same way without it, half the change knows much less.
     */
    @Test
    void deltaScalingKeepsTheSkillAtHalfTheTaskVector() {
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        double[] halfLoss = new double[2];
        double[] fullLoss = new double[2];
        try (Tokenizer tok = Tokenizer.load(tokDir)) {
            for (int run = 0; run < 2; run++) {
                TrainingOptions o = TrainingOptions.builder().steps(300).batchSize(12).learningRate(1e-2)
                        .warmupSteps(20).seed(3).minDeltaScale(run == 0 ? 1 : 0.25).build();
                try (LanguageModel m = LanguageModel.random(config(), 1, tok, RuntimeOptions.cpu())) {
                    TensorSet start = m.weightsSnapshot();
                    m.train(reversals(), o);
                    fullLoss[run] = m.score(reversals()).meanLoss();
                    m.setWeights(between(start, m.weightsSnapshot(), 0.5));
                    halfLoss[run] = m.score(reversals()).meanLoss();
                }
            }
        }
        assertTrue(fullLoss[0] < 0.05 && fullLoss[1] < 0.05, "both learn the mapping: " + fullLoss[0] + ", "
                + fullLoss[1]);
        assertTrue(halfLoss[1] < 0.1, "with scale noise, half the change keeps the mapping: " + halfLoss[1]);
        assertTrue(halfLoss[0] > 10 * halfLoss[1], "without it, half the change loses it: " + halfLoss[0] + " vs "
                + halfLoss[1]);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TrainingOptions.builder().minDeltaScale(1.5).build());
        assertTrue(bad.getMessage().contains("min delta scale"), bad.getMessage());
    }

    /**
     * Full-scale examples are trained at the current weights: with every example marked, scale noise changes
     * nothing; with half of them marked, the first step's loss (start and current weights still equal) is the
     * token-weighted mean of both halves, as without the split, and later steps differ.
     */
    @Test
    void fullScaleExamplesEscapeTheScaleNoise() {
        Path tokDir = CharTokenizer.writeTo(dir.resolve("tok"));
        BitSet all = new BitSet();
        all.set(0, WORDS.length);
        BitSet half = new BitSet();
        half.set(0, WORDS.length / 2);
        Run[] runs = new Run[3];
        try (Tokenizer tok = Tokenizer.load(tokDir)) {
            for (int run = 0; run < 3; run++) {
                TrainingOptions o = TrainingOptions.builder().steps(15).batchSize(6).learningRate(3e-3)
                        .warmupSteps(3).seed(9).minDeltaScale(run == 0 ? 1 : 0.25).build();
                runs[run] = trainFromRandomInit(tok, o, run == 0 ? new BitSet() : run == 1 ? all : half);
            }
            try (LanguageModel m = LanguageModel.random(config(), 4, tok, RuntimeOptions.cpu())) {
                BitSet outOfRange = new BitSet();
                outOfRange.set(WORDS.length);
                IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> m.train(
                        reversals(), outOfRange, TrainingOptions.builder().steps(1).build(), null));
                assertTrue(bad.getMessage().contains("full-scale example 12 is out of range"), bad.getMessage());
            }
        }
        assertArrayEquals(runs[0].losses(), runs[1].losses(), "every example at full scale: as without noise");
        assertSameWeights(runs[0].weights(), runs[1].weights());
        assertEquals(runs[0].losses()[0], runs[2].losses()[0], 1e-5,
                "step 1: the two halves' means, weighted by their tokens");
        assertTrue(runs[0].losses()[14] != runs[2].losses()[14], "later steps feel the noise on the other half");
    }

    /** One training run's losses and final weights. */
    private record Run(double[] losses, TensorSet weights) {
    }

    /** Trains the reversals from the random init of seed 4. */
    private Run trainFromRandomInit(Tokenizer tok, TrainingOptions o, BitSet fullScale) {
        try (LanguageModel m = LanguageModel.random(config(), 4, tok, RuntimeOptions.cpu())) {
            double[] losses = m.train(reversals(), fullScale, o, null).losses();
            return new Run(losses, m.weightsSnapshot());
        }
    }

    private static void assertSameWeights(TensorSet expected, TensorSet actual) {
        for (String name : expected.tensorNames()) {
            assertArrayEquals(expected.get(name).data(), actual.get(name).data(), name);
        }
    }

    /** @return start + t * (end - start): a task_arithmetic merge with {@code start} as its base */
    private static TensorSet between(TensorSet start, TensorSet end, double t) {
        Recipe recipe = Recipe.parse("merge_method: task_arithmetic\nbase_model: start\nmodels:\n"
                + "  - {model: end, parameters: {weight: " + t + "}}\ndtype: float32\n", Path.of("."));
        return Merger.mergeInMemory(recipe, Map.of("start", start, "end", end),
                MergeOptions.defaults().withProgress(false));
    }

    @Test
    void schedule() {
        TrainingOptions o = TrainingOptions.builder().steps(110).learningRate(1.0).minLearningRate(0.1)
                .warmupSteps(10).build();
        assertEquals(0.1, o.learningRateAt(1), 1e-12);
        assertEquals(1.0, o.learningRateAt(10), 1e-12);
        assertEquals(0.55, o.learningRateAt(60), 1e-12);
        assertEquals(0.1, o.learningRateAt(110), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.builder().learningRate(-1).build());
    }
}
