package org.safemerge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.io.ModelConfig;
import org.safemerge.io.TensorSet;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/** Every bad input is an IllegalArgumentException (exit 2 in the CLI) whose message says what and where. */
class BadInputTest {
    @TempDir
    Path dir;

    private Path pico(String name) {
        return PicoLlama.builder().vocab(128).writeTo(dir.resolve(name));
    }

    private static String fail(Path model) {
        return assertThrows(IllegalArgumentException.class,
                () -> LanguageModel.load(model, RuntimeOptions.cpu()).close()).getMessage();
    }

    @Test
    void unknownArchitecture() {
        Path p = pico("gpt2");
        ModelConfig.read(p.resolve("config.json")).with("architectures", List.of("GPT2LMHeadModel")).writeTo(p);
        assertEquals(p.resolve("config.json") + ": architecture 'GPT2LMHeadModel' is not supported; the runtime runs"
                + " LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM", fail(p));
    }

    @Test
    void unknownRopeType() {
        Path p = pico("yarn");
        ModelConfig.read(p.resolve("config.json")).with("rope_scaling", Map.of("rope_type", "yarn", "factor", 4))
                .writeTo(p);
        assertEquals(p.resolve("config.json") + ": rope_scaling type 'yarn' is not supported; supported: default,"
                + " llama3", fail(p));
    }

    @Test
    void unsupportedActivation() {
        Path p = pico("gelu");
        ModelConfig.read(p.resolve("config.json")).with("hidden_act", "gelu").writeTo(p);
        assertEquals(p.resolve("config.json") + ": hidden_act 'gelu' is not supported; expected silu", fail(p));
    }

    @Test
    void missingTensor() {
        PicoLlama b = PicoLlama.builder().vocab(128);
        TensorSet w = b.weights();
        TensorSet without = new TensorSet();
        for (String n : w.tensorNames()) {
            if (!n.equals("model.layers.1.mlp.up_proj.weight")) {
                without.put(n, w.get(n));
            }
        }
        Path p = dir.resolve("missing");
        PicoLlama.write(p, b.config(), without, Long.MAX_VALUE);
        assertEquals(p + ": missing tensor model.layers.1.mlp.up_proj.weight (expected shape [48, 32] for"
                + " LlamaForCausalLM)", fail(p));
    }

    @Test
    void shapeMismatch() {
        Path p = pico("shape");
        ModelConfig.read(p.resolve("config.json")).with("intermediate_size", 64).writeTo(p);
        assertEquals(p + ": tensor model.layers.0.mlp.gate_proj.weight has shape [48, 32] but the config"
                + " implies [64, 32]", fail(p));
    }

    @Test
    void inconsistentHeads() {
        Path p = pico("heads");
        ModelConfig.read(p.resolve("config.json")).with("num_key_value_heads", 3).writeTo(p);
        assertEquals(p.resolve("config.json") + ": num_attention_heads 4 is not a multiple of num_key_value_heads 3",
                fail(p));
    }

    @Test
    void tokenOutOfRange() {
        try (LanguageModel m = LanguageModel.load(pico("range"), RuntimeOptions.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.logits(new int[] {1, 2, 128}));
            assertEquals("token id 128 at position 2 of sequence 0 is outside the vocabulary [0, 128)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.generate(List.of(new int[] {-1}),
                    GenerationOptions.greedy(2)));
            IllegalArgumentException noTok = assertThrows(IllegalArgumentException.class,
                    () -> m.chat(List.of("hi"), GenerationOptions.greedy(2)));
            assertEquals("this model has no tokenizer (tokenizer.json), so it cannot read text", noTok.getMessage());
        }
    }

    @Test
    void failingChatTemplate() throws Exception {
        Path p = CharTokenizer.writeTo(pico("template"));
        Map<String, Object> cfg = Map.of("eos_token", "<eos>", "chat_template",
                "{{ raise_exception('this template needs a system prompt') }}");
        Files.writeString(p.resolve("tokenizer_config.json"), new ObjectMapper().writeValueAsString(cfg));
        try (LanguageModel m = LanguageModel.load(p, RuntimeOptions.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.chat(List.of("hi"), GenerationOptions.greedy(2)));
            assertEquals("chat template from " + p.resolve("tokenizer_config.json") + " failed: raise_exception:"
                    + " this template needs a system prompt", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.score(List.of(new PromptAnswer("q", "a"))));
        }
    }

    @Test
    void tokenizerLargerThanModelAndFloat16OnCpu() {
        Path p = CharTokenizer.writeTo(PicoLlama.builder().vocab(64).writeTo(dir.resolve("small")));
        assertEquals("the tokenizer of " + p + " has 102 ids but the model's vocab_size is 64", fail(p));
        IllegalArgumentException f16 = assertThrows(IllegalArgumentException.class,
                () -> LanguageModel.load(pico("f16"), RuntimeOptions.cpu().withPrecision(Precision.FLOAT16)));
        assertTrue(f16.getMessage().startsWith("float16 runs only on a GPU"), f16.getMessage());
    }
}
