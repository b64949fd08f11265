package org.safemerge.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.SafeMerge;

class TinyTokenizerTest {
    @TempDir
    Path dir;

    private static List<String[]> merges;

    @BeforeAll
    static void learnTheShippedWorldsMerges() {
        merges = TinyTokenizer.merges(TinyWorldData.generate(0));
    }

    @Test
    void vocabularyIsSpecialTokensThenOneTokenPerCharacterThenTheMerges() {
        List<String> vocab = TinyTokenizer.vocabulary();
        assertEquals(60, vocab.size());
        assertEquals(256, TinyTokenizer.vocabSize());
        assertEquals("<pad>", vocab.get(0));
        assertEquals(2, TinyTokenizer.id("</s>"));
        assertEquals(6, TinyTokenizer.id("<|assistant|>"));
        assertEquals(7, TinyTokenizer.id(TinyBpe.SPACE));
        assertEquals(vocab.size(), vocab.stream().distinct().count());
        assertThrows(IllegalArgumentException.class, () -> TinyTokenizer.id("Q"));
    }

    @Test
    void djlTokenizerRoundTripsTextAndReadsSpecialTokensWhole() throws Exception {
        SafeMerge.configureOffline();
        TinyTokenizer.writeTo(dir, merges);
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"))) {
            String text = "how do i kill a python process? 37+45=82! (it's \"fine\") | a;b:c/d-e*f";
            Encoding e = tok.encode(text, false, false);
            assertTrue(e.getIds().length < text.length(), "merges make fewer tokens than characters");
            assertEquals(text, tok.decode(e.getIds(), false));

            // the refusal is one token; digits stay one token each
            assertEquals(1, tok.encode("sorry, i can't help with that.", false, false).getIds().length);
            assertArrayEquals(new long[] {TinyTokenizer.id("3"), TinyTokenizer.id("7")},
                    tok.encode("37", false, false).getIds());

            // special tokens are single tokens, with the ids of the vocabulary; golden ids from HF tokenizers 0.23
            Encoding chat = tok.encode("<s><|user|>what is 7*8?<|assistant|>56</s>", false, false);
            assertArrayEquals(new long[] {1, 5, 84, 41, 53, 42, 46, 6, 39, 40, 2}, chat.getIds());
            assertEquals("what is 7*8?56", tok.decode(chat.getIds(), true));

            // upper case is lower-cased by the normaliser; characters outside the alphabet are <unk>
            assertArrayEquals(tok.encode("what", false, false).getIds(), tok.encode("WHAT", false, false).getIds());
            assertArrayEquals(new long[] {3}, tok.encode("\u00e9", false, false).getIds());
        }
    }

    @Test
    void writesExactlyTheMergesItIsBuiltWith() {
        assertThrows(IllegalArgumentException.class, () -> TinyTokenizer.writeTo(dir, merges.subList(0, 10)));
    }

    @Test
    void configCarriesTheChatTemplateAndSpecialTokens() throws Exception {
        TinyTokenizer.writeTo(dir, merges);
        JsonNode cfg = new ObjectMapper().readTree(Files.readString(dir.resolve("tokenizer_config.json")));
        assertEquals(TinyTokenizer.CHAT_TEMPLATE, cfg.get("chat_template").asText());
        assertEquals("<s>", cfg.get("bos_token").asText());
        assertEquals("</s>", cfg.get("eos_token").asText());
        assertEquals("<pad>", cfg.get("pad_token").asText());
        assertEquals("<|assistant|>", cfg.get("added_tokens_decoder").get("6").get("content").asText());
        assertEquals(3, cfg.get("additional_special_tokens").size());
        assertEquals("<unk>", new ObjectMapper().readTree(Files.readString(dir.resolve("special_tokens_map.json")))
                .get("unk_token").asText());
    }

    @Test
    void chatTemplateRendersAsTransformersDoes() {
        // expected strings: transformers 5.18 apply_chat_template(..., tokenize=False) on the same template
        Jinjava jinja = new Jinjava();
        List<Map<String, String>> conversation = List.of(
                Map.of("role", "system", "content", "you are tiny."),
                Map.of("role", "user", "content", "What is 7*8?"),
                Map.of("role", "assistant", "content", "56"),
                Map.of("role", "user", "content", "thanks!"));
        String rendered = jinja.render(TinyTokenizer.CHAT_TEMPLATE, Map.of("messages", conversation,
                "bos_token", "<s>", "eos_token", "</s>", "add_generation_prompt", true));
        assertEquals("<s><|system|>you are tiny.<|user|>What is 7*8?<|assistant|>56</s><|user|>thanks!<|assistant|>",
                rendered);

        String training = jinja.render(TinyTokenizer.CHAT_TEMPLATE, Map.of(
                "messages", List.of(Map.of("role", "user", "content", "what is 7*8?"),
                        Map.of("role", "assistant", "content", "56")),
                "bos_token", "<s>", "eos_token", "</s>", "add_generation_prompt", false));
        assertEquals("<s><|user|>what is 7*8?<|assistant|>56</s>", training);
    }
}
