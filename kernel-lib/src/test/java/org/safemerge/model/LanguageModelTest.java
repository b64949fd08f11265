package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.Checkpoint;
import org.safemerge.io.DType;
import org.safemerge.io.TensorSet;
import org.safemerge.tensor.FloatTensor;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/** Text-level behaviour of {@link LanguageModel} on a pico model with the character-level test tokenizer. */
class LanguageModelTest {
    @TempDir
    static Path dir;
    static Path base;
    static LanguageModel model;

    static final List<PromptAnswer> PAIRS = List.of(
            new PromptAnswer("2+3?", "5"),
            new PromptAnswer("what is the capital of france?", "paris, the city of light"),
            new PromptAnswer("hi", "hello there, how can i help you today?"),
            new PromptAnswer("a much longer question about nothing in particular, padded out", "no"),
            new PromptAnswer("x", ""));

    @BeforeAll
    static void setUp() {
        base = CharTokenizer.writeTo(PicoLlama.builder().architecture("llama").heads(4).kvHeads(2).vocab(128)
                .std(0.3).seed(11).writeTo(dir.resolve("base")));
        model = LanguageModel.load(base, RuntimeOptions.cpu());
    }

    @AfterAll
    static void tearDown() {
        model.close();
    }

    @Test
    void pairsAreRenderedWithTheTemplateAndOnlyAnswerTokensScored() {
        TokenExample e = model.encode(List.of(PAIRS.get(0)), false).get(0);
        int[] expected = {CharTokenizer.BOS, CharTokenizer.USER, CharTokenizer.id('2'), CharTokenizer.id('+'),
                CharTokenizer.id('3'), CharTokenizer.id('?'), CharTokenizer.id('\n'), CharTokenizer.ASSISTANT,
                CharTokenizer.id('5'), CharTokenizer.EOS};
        assertArrayEquals(expected, e.tokens());
        boolean[] scored = new boolean[10];
        scored[8] = true;
        scored[9] = true;
        assertArrayEquals(scored, e.scored());
        TokenExample all = model.encode(List.of(PAIRS.get(0)), true).get(0);
        assertEquals(9, all.targetCount());
    }

    @Test
    void scoreMatchesTheReferenceAndIsTokenWeighted() {
        ReferenceLlama ref = new ReferenceLlama(base);
        List<TokenExample> ex = model.encode(PAIRS, false);
        ScoreResult r = model.score(PAIRS, 3);
        double total = 0;
        long tokens = 0;
        for (int i = 0; i < ex.size(); i++) {
            double nll = ref.nll(ex.get(i).tokens(), ex.get(i).scored());
            int n = ex.get(i).targetCount();
            assertEquals(n, r.pairTokens()[i], "pair " + i);
            assertEquals(nll / n, r.pairLoss()[i], 1e-4 * Math.max(1, nll / n), "pair " + i);
            assertEquals(-nll, r.pairLogLikelihood()[i], 1e-4 * Math.max(1, nll), "pair " + i);
            total += nll;
            tokens += n;
        }
        assertEquals(tokens, r.tokens());
        assertEquals(total / tokens, r.meanLoss(), 1e-5);
        assertEquals(1, r.pairTokens()[4], "an empty answer still scores the eos that ends the turn");
    }

    @Test
    void batchedAndPaddedScoringEqualsOneByOne() {
        ScoreResult batched = model.score(PAIRS, PAIRS.size());
        for (int i = 0; i < PAIRS.size(); i++) {
            ScoreResult alone = model.score(List.of(PAIRS.get(i)), 1);
            assertEquals(alone.pairLoss()[0], batched.pairLoss()[i], 1e-5, "pair " + i);
        }
    }

    @Test
    void chatRepliesAreTheDecodedGreedyTokens() {
        List<String> prompts = List.of("2+3?", "hi", "a question");
        GenerationOptions o = GenerationOptions.greedy(12);
        List<String> replies = model.chat(prompts, o);
        ReferenceLlama ref = new ReferenceLlama(base);
        try (var tok = org.safemerge.text.Tokenizer.load(base)) {
            for (int i = 0; i < prompts.size(); i++) {
                int[] prompt = model.format().prompt(List.of(org.safemerge.text.ChatMessage.user(prompts.get(i))));
                int[] tokens = ref.greedy(prompt, 12, model.eosTokenIds());
                assertEquals(tok.decode(tokens, true), replies.get(i), "prompt " + i);
            }
        }
    }

    @Test
    void stopStringsCutTheReply() {
        Generation full = model.generateText(List.of("hello"), GenerationOptions.greedy(20)).get(0);
        String text = full.text();
        assertTrue(text.length() >= 3, "need a reply of a few characters to cut: '" + text + "'");
        String stop = text.substring(1, 3);
        Generation cut = model.generateText(List.of("hello"), GenerationOptions.greedy(20)
                .withStopStrings(List.of(stop))).get(0);
        assertEquals(Generation.FinishReason.STOP_STRING, cut.finish());
        assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
    }

    @Test
    void samplingIsSeededAndIndependentOfBatching() {
        List<int[]> prompts = List.of(new int[] {1, 40, 41}, new int[] {1, 50}, new int[] {1, 60, 61, 62, 63});
        GenerationOptions o = GenerationOptions.sampling(15, 1.0, 0.95, 42);
        List<Generation> a = model.generate(prompts, o);
        List<Generation> b = model.generate(prompts, o.withBatchSize(1));
        List<Generation> c = model.generate(prompts, GenerationOptions.sampling(15, 1.0, 0.95, 43));
        boolean anyDifferent = false;
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(a.get(i).tokens(), b.get(i).tokens(), "prompt " + i);
            anyDifferent |= !java.util.Arrays.equals(a.get(i).tokens(), c.get(i).tokens());
        }
        assertTrue(anyDifferent, "another seed should give other samples");
        // a tiny nucleus keeps only the most likely token: greedy
        List<Generation> nucleus = model.generate(prompts, GenerationOptions.sampling(15, 1.0, 1e-6, 1));
        List<Generation> greedy = model.generate(prompts, GenerationOptions.greedy(15));
        for (int i = 0; i < prompts.size(); i++) {
            assertArrayEquals(greedy.get(i).tokens(), nucleus.get(i).tokens(), "prompt " + i);
        }
    }

    @Test
    void setWeightsSwapsInAnotherModelOfTheSameArchitecture() {
        Path variant = PicoLlama.variant(base, dir.resolve("variant"), 0.05, 3);
        int[] toks = {1, 10, 20, 30};
        FloatTensor before = model.logits(toks);
        try (Checkpoint v = Checkpoint.open(variant);
             LanguageModel direct = LanguageModel.load(variant, RuntimeOptions.cpu())) {
            model.setWeights(v);
            FloatTensor swapped = model.logits(toks);
            assertArrayEquals(direct.logits(toks).data(), swapped.data(), 1e-6f);
            assertNotEquals(before, swapped);
        } finally {
            try (Checkpoint b = Checkpoint.open(base)) {
                model.setWeights(b);
            }
        }
        assertArrayEquals(before.data(), model.logits(toks).data(), 0f);
    }

    @Test
    void inMemoryModelsNeedNoDisk() {
        TensorSet weights = model.weightsSnapshot();
        try (LanguageModel copy = LanguageModel.of(model.config(), weights, null, RuntimeOptions.cpu())) {
            assertArrayEquals(model.logits(new int[] {1, 2, 3}).data(), copy.logits(new int[] {1, 2, 3}).data(), 0f);
        }
    }

    @Test
    void multipleChoicePicksTheMostLikelyAnswer() {
        List<String> choices = new ArrayList<>(List.of("5", "6", "seven"));
        ChoiceResult r = model.choose("2+3?", choices);
        ScoreResult s = model.score(choices.stream().map(c -> new PromptAnswer("2+3?", c)).toList(), 1);
        assertArrayEquals(s.pairLogLikelihood(), r.logLikelihoods(), 1e-4);
        int best = 0;
        for (int i = 1; i < 3; i++) {
            best = r.logLikelihoods()[i] > r.logLikelihoods()[best] ? i : best;
        }
        assertEquals(best, r.best());
        assertEquals(DType.F32, model.config().torchDtype());
    }
}
