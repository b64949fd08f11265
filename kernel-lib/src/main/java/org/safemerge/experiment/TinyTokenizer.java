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
 * The tiny world's tokenizer: a byte-pair (subword) tokenizer over a 53-character lower-case alphabet with
 * {@value #MERGES} merges learned from the world's training texts ({@link TinyBpe}), plus seven special tokens: 256
 * tokens in all. It is written as standard Hugging Face files that transformers, {@code tokenizers} and DJL's
 * {@code HuggingFaceTokenizer} load.
 *
 * <ul>
 *   <li>{@code tokenizer.json}: a BPE model (ids: the special tokens, the alphabet, then one token per merge, in
 *       merge order); a normaliser that lower-cases (so "What" reads as "what") and writes spaces as
 *       {@link TinyBpe#SPACE}; no pre-tokenizer (merges may span words); a decoder that writes the spaces back and
 *       concatenates; the special tokens as added tokens. No post-processor: the chat template writes {@code <s>}
 *       itself.</li>
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

    /** Merges learned by {@link TinyBpe} on top of the characters: 256 tokens in all. */
    public static final int MERGES = 196;

    /** Longest sequence the tiny models are built for (prompt and answer, in tokens). */
    public static final int MODEL_MAX_LENGTH = 256;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TinyTokenizer() {
    }

    /** @return the tokens before any merge, in id order: the special tokens, then the alphabet one character each */
    public static List<String> vocabulary() {
        List<String> vocab = new ArrayList<>(SPECIAL_TOKENS);
        for (char c : ALPHABET.toCharArray()) {
            vocab.add(c == ' ' ? TinyBpe.SPACE : String.valueOf(c));
        }
        return Collections.unmodifiableList(vocab);
    }

    /** @return the vocabulary size (256: 60 characters and special tokens, and {@value #MERGES} merges) */
    public static int vocabSize() {
        return SPECIAL_TOKENS.size() + ALPHABET.length() + MERGES;
    }

    /** @return the id of a special token or single character (a space is {@link TinyBpe#SPACE}) */
    public static int id(String token) {
        int i = vocabulary().indexOf(token);
        if (i < 0) {
            throw new IllegalArgumentException("'" + token + "' is not in the tiny vocabulary");
        }
        return i;
    }

    /** @return the merges of a world's tokenizer, learned from its fixed corpus ({@link TinyBpe#corpus}) */
    public static List<String[]> merges(TinyWorldData data) {
        return TinyBpe.learn(TinyBpe.corpus(data), MERGES);
    }

    /**
     * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code special_tokens_map.json} into a
     * directory (created if missing; existing files of those names are replaced).
     *
     * @param merges {@value #MERGES} merges, e.g. {@link #merges(TinyWorldData)}
     */
    public static void writeTo(Path dir, List<String[]> merges) {
        if (merges.size() != MERGES) {
            throw new IllegalArgumentException("the tiny tokenizer has " + MERGES + " merges, got " + merges.size());
        }
        try {
            Files.createDirectories(dir);
            write(dir.resolve("tokenizer.json"), tokenizerJson(merges));
            write(dir.resolve("tokenizer_config.json"), tokenizerConfig());
            write(dir.resolve("special_tokens_map.json"), specialTokensMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** @return the {@code tokenizer.json} document with these merges */
    public static ObjectNode tokenizerJson(List<String[]> merges) {
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
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "Sequence");
        ArrayNode ns = norm.putArray("normalizers");
        ns.addObject().put("type", "Lowercase");
        addReplace(ns, " ", TinyBpe.SPACE);
        root.putNull("pre_tokenizer");
        root.putNull("post_processor");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "Sequence");
        ArrayNode ds = dec.putArray("decoders");
        addReplace(ds, TinyBpe.SPACE, " ");
        ds.addObject().put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", UNK);
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        List<String> tokens = new ArrayList<>(vocabulary());
        for (String[] m : merges) {
            tokens.add(m[0] + m[1]);
        }
        for (int i = 0; i < tokens.size(); i++) {
            vocab.put(tokens.get(i), i);
        }
        ArrayNode ms = model.putArray("merges");
        for (String[] m : merges) {
            ms.add(m[0] + " " + m[1]);
        }
        return root;
    }

    /** Appends a normaliser or decoder step that replaces every {@code from} with {@code to}. */
    private static void addReplace(ArrayNode steps, String from, String to) {
        ObjectNode r = steps.addObject();
        r.put("type", "Replace");
        r.putObject("pattern").put("String", from);
        r.put("content", to);
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
