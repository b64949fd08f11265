package org.safemerge.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.testing.CharTokenizer;

class TokenizerTest {
    @TempDir
    Path dir;

    @Test
    void encodesAndDecodesCharacters() {
        try (Tokenizer tok = Tokenizer.load(CharTokenizer.writeTo(dir))) {
            int h = CharTokenizer.id('h');
            int i = CharTokenizer.id('i');
            assertArrayEquals(new int[] {CharTokenizer.BOS, h, i}, tok.encode("hi", true));
            assertArrayEquals(new int[] {h, i}, tok.encode("hi", false));
            assertEquals("hi there.\n ok", tok.decode(tok.encode("hi there.\n ok", false), false));
            assertEquals("hi", tok.decode(new int[] {CharTokenizer.BOS, h, i, CharTokenizer.EOS}, true));
            assertEquals("<bos>hi<eos>", tok.decode(new int[] {CharTokenizer.BOS, h, i, CharTokenizer.EOS}, false));
            // special tokens written in text are recognised as single tokens
            assertArrayEquals(new int[] {CharTokenizer.USER, h, CharTokenizer.ASSISTANT},
                    tok.encode("<|user|>h<|assistant|>", false));
            assertEquals(CharTokenizer.VOCAB, tok.vocabSize());
            assertEquals(CharTokenizer.EOS, tok.eosTokenId());
            assertEquals(CharTokenizer.BOS, tok.bosTokenId());
            assertEquals(CharTokenizer.PAD, tok.padTokenId());
        }
    }

    @Test
    void neverTruncatesLongText() {
        try (Tokenizer tok = Tokenizer.load(CharTokenizer.writeTo(dir))) {
            String text = "abcdefghij".repeat(300);
            assertEquals(3000, tok.encode(text, false).length);
        }
    }

    @Test
    void rendersTheChatTemplateOfTokenizerConfig() {
        try (Tokenizer tok = Tokenizer.load(CharTokenizer.writeTo(dir))) {
            assertEquals("<bos><|user|>2+3?\n<|assistant|>", tok.applyChatTemplate(
                    List.of(ChatMessage.user("2+3?")), true));
            assertEquals("<bos><|user|>2+3?\n<|assistant|>5<eos>", tok.applyChatTemplate(
                    List.of(ChatMessage.user("2+3?"), ChatMessage.assistant("5")), false));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tok.applyChatTemplate(List.of(ChatMessage.system("be nice")), false));
            assertTrue(e.getMessage().endsWith("failed: raise_exception: unsupported role: system"), e.getMessage());
        }
    }

    @Test
    void badFilesAreReportedWithTheirPath() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertEquals(dir + " has no tokenizer.json (needed to turn text into tokens)", missing.getMessage());

        CharTokenizer.writeTo(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"<end>\"}");
        IllegalArgumentException badEos = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertEquals(dir.resolve("tokenizer_config.json") + ": eos_token '<end>' is not a token of "
                + dir.resolve("tokenizer.json"), badEos.getMessage());

        Files.writeString(dir.resolve("tokenizer_config.json"), "{}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": ");
        IllegalArgumentException badJson = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(badJson.getMessage().startsWith(dir.resolve("tokenizer.json") + ": not valid JSON"),
                badJson.getMessage());

        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\", \"vocab\": {\"a\": 0}}}");
        IllegalArgumentException badModel = assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(dir));
        assertTrue(badModel.getMessage().startsWith(dir.resolve("tokenizer.json")
                + ": the Hugging Face tokenizers library cannot load it"), badModel.getMessage());
    }

    @Test
    void readsChatTemplateJinjaFirst() throws Exception {
        CharTokenizer.writeTo(dir);
        Files.writeString(dir.resolve("chat_template.jinja"), "{% for m in messages %}[{{ m.content }}]{% endfor %}");
        try (Tokenizer tok = Tokenizer.load(dir)) {
            assertEquals("[x]", tok.applyChatTemplate(List.of(ChatMessage.user("x")), true));
            assertEquals(dir.resolve("chat_template.jinja").toString(), tok.chatTemplate().orElseThrow().origin());
        }
    }
}
