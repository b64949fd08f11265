package org.safemerge.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The tiny world's tokenizer: one token per character of a 53-character lower-case alphabet, plus seven special
 * tokens, written as standard Hugging Face files that transformers, {@code tokenizers} and DJL's
 * {@code HuggingFaceTokenizer} load.
 *
 * <ul>
 *   <li>{@code tokenizer.json}: a WordLevel model over single characters; a {@code Split} pre-tokenizer isolates
 *       every character; a {@code Lowercase} normaliser (so "What" reads as "what"); a {@code Fuse} decoder
 *       (characters are concatenated, not joined with spaces); the special tokens as added tokens. No post-processor:
 *       the chat template writes {@code <s>} itself.</li>
 *   <li>{@code tokenizer_config.json}: bos/eos/pad/unk, the role tokens, and the Jinja {@link #CHAT_TEMPLATE}.</li>
 *   <li>{@code special_tokens_map.json}: the same special tokens, for older loaders.</li>
 * </ul>
 * Characters outside the alphabet (after lower-casing) become {@code <unk>}.
 */
public final class TinyTokenizer {
    /** Padding, id 0. */
    public static final String PAD = "<pad>";
    /** Beginning of a conversation, id 1. */
    public static final String BOS = "<s>";
    /** End of an assistant turn, id 2: generation stops here. */
    public static final String EOS = "</s>";
    /** Unknown character, id 3. */
    public static final String UNK = "<unk>";
    /** Role marker before a system message, id 4. */
    public static final String SYSTEM = "<|system|>";
    /** Role marker before a user message, id 5. */
    public static final String USER = "<|user|>";
    /** Role marker before an assistant message, id 6. */
    public static final String ASSISTANT = "<|assistant|>";

    /** The special tokens in id order (ids 0..6). */
    public static final List<String> SPECIAL_TOKENS = List.of(PAD, BOS, EOS, UNK, SYSTEM, USER, ASSISTANT);

    /** The ordinary characters in id order (ids 7..59): space, a-z, 0-9, punctuation. */
    public static final String ALPHABET = " abcdefghijklmnopqrstuvwxyz0123456789.,?!':;-+*=()/\"|";

    /**
     * The chat template: {@code <s>} then, per message, the role marker and the content, with {@code </s>} after each
     * assistant message; with {@code add_generation_prompt} an open assistant turn. For one user message:
     * {@code <s><|user|>what is 7*8?<|assistant|>}, and the answer the model learns is {@code 56</s>}.
     */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{{ '<|' + message['role'] + '|>' + message['content'] }}"
            + "{% if message['role'] == 'assistant' %}{{ eos_token }}{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}";

    /** Longest sequence the tiny models are built for (prompt and answer, in tokens). */
    public static final int MODEL_MAX_LENGTH = 256;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyTokenizer() {
    }

    /** @return every token in id order: the special tokens, then the alphabet one character each */
    public static List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(SPECIAL_TOKENS);
        for (char c : ALPHABET.toCharArray()) {
            vocab.add(String.valueOf(c));
        }
        return Collections.unmodifiableList(vocab);
    }

    /** @return the vocabulary size (60) */
    public static int vocabSize() {
        return SPECIAL_TOKENS.size() + ALPHABET.length();
    }

    /** @return the id of a special token or single character */
    public static int id(String token) {
        int i = vocabulary().indexOf(token);
        if (i < 0) {
            throw new IllegalArgumentException("'" + token + "' is not in the tiny vocabulary");
        }
        return i;
    }

    /**
     * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json} into a
     * directory (created if missing; existing files of those names are replaced).
     */
    public static void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("tokenizer.json"), tokenizerJson());
            write(dir.resolve("tokenizer_config.json"), tokenizerConfig());
            write(dir.resolve("special_tokens_map.json"), specialTokensMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the {@code tokenizer.json} document */
    public static ObjectNode tokenizerJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", i);
            t.put("content", SPECIAL_TOKENS.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putObject("normalizer").put("type", "Lowercase");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Split");
        pre.putObject("pattern").put("Regex", ".");
        pre.put("behavior", "Isolated");
        pre.put("invert", false);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = vocabulary();
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), i);
        }
        model.put("unk_token", UNK);
        return root;
    }

    /** @return the {@code tokenizer_config.json} document, with the chat template */
    public static ObjectNode tokenizerConfig() {
        ObjectNode root = JSON.createObjectNode();
        root.put("add_bos_token", false);
        root.put("add_eos_token", false);
        ObjectNode decoder = root.putObject("added_tokens_decoder");
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            ObjectNode t = decoder.putObject(Integer.toString(i));
            t.put("content", SPECIAL_TOKENS.get(i));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        root.putArray("additional_special_tokens").add(SYSTEM).add(USER).add(ASSISTANT);
        root.put("bos_token", BOS);
        root.put("chat_template", CHAT_TEMPLATE);
        root.put("clean_up_tokenization_spaces", false);
        root.put("eos_token", EOS);
        root.put("model_max_length", MODEL_MAX_LENGTH);
        root.put("pad_token", PAD);
        root.put("tokenizer_class", "PreTrainedTokenizerFast");
        root.put("unk_token", UNK);
        return root;
    }

    /** @return the {@code special_tokens_map.json} document */
    public static ObjectNode specialTokensMap() {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("additional_special_tokens").add(SYSTEM).add(USER).add(ASSISTANT);
        root.put("bos_token", BOS);
        root.put("eos_token", EOS);
        root.put("pad_token", PAD);
        root.put("unk_token", UNK);
        return root;
    }

    private static void write(Path file, ObjectNode node) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(node) + "\n", StandardCharsets.UTF_8);
    }
}
