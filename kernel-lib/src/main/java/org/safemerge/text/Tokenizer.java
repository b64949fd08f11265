package org.safemerge.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Hugging Face tokenizer from a model directory: {@code tokenizer.json} (any model type the HF tokenizers library
 * reads: BPE, WordLevel, WordPiece, Unigram), the special tokens of {@code tokenizer_config.json}, and the chat
 * template ({@code chat_template.jinja}, or {@code chat_template} in {@code tokenizer_config.json}).
 *
 * <p>Encoding never truncates or pads (the runtime pads batches itself). Decoding is exact: no clean-up of spaces.
 * Owns a native handle: close it. Not thread-safe for concurrent close; encode/decode may be called from any thread.
 *
 * <pre>
 * try (Tokenizer tok = Tokenizer.load(Path.of("datasets/tiny-world/zoo/tiny-instruct"))) {
 *     int[] ids = tok.encode("hello", false);
 *     String text = tok.decode(ids, true);
 * }
 * </pre>
 */
public final class Tokenizer implements AutoCloseable {
    /** Files of a model directory that belong to the tokenizer and are copied when a model is saved. */
    public static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "chat_template.jinja", "generation_config.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer hf;
    private final Path directory;
    private final Map<String, Integer> idOf;
    private final Set<Integer> specialIds;
    private final int vocabSize;
    private final Map<String, String> specialTokens;
    private final ChatTemplate chatTemplate;

    private Tokenizer(HuggingFaceTokenizer hf, Path directory, Map<String, Integer> idOf, Set<Integer> specialIds,
                      int vocabSize, Map<String, String> specialTokens, ChatTemplate chatTemplate) {
        this.hf = hf;
        this.directory = directory;
        this.idOf = idOf;
        this.specialIds = specialIds;
        this.vocabSize = vocabSize;
        this.specialTokens = specialTokens;
        this.chatTemplate = chatTemplate;
    }

    /** @return true if the directory holds a {@code tokenizer.json} */
    public static boolean existsIn(Path dir) {
        return Files.isRegularFile(dir.resolve("tokenizer.json"));
    }

    /**
     * Loads the tokenizer of a model directory.
     *
     * @param dir a directory with {@code tokenizer.json} and optionally {@code tokenizer_config.json} and
     *            {@code chat_template.jinja}
     * @return the tokenizer (close it)
     * @throws IllegalArgumentException if a file is missing, is not valid JSON, or is not a tokenizer the HF
     *                                  tokenizers library can load
     */
    public static Tokenizer load(Path dir) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no tokenizer.json (needed to turn text into tokens)");
        }
        String json = read(file);
        JsonNode root = parse(json, file);
        Map<String, Integer> idOf = new HashMap<>();
        Set<Integer> specialIds = new TreeSet<>();
        int maxId = readVocabulary(root, file, idOf, specialIds);

        Path configFile = dir.resolve("tokenizer_config.json");
        JsonNode config = Files.isRegularFile(configFile) ? parse(read(configFile), configFile) : null;
        Map<String, String> special = new LinkedHashMap<>();
        for (String key : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
            String content = config == null ? null : tokenContent(config.get(key));
            if (content != null) {
                special.put(key, content);
            }
        }
        ChatTemplate template = loadTemplate(dir, config, configFile, special);
        for (Map.Entry<String, String> e : special.entrySet()) {
            if (!idOf.containsKey(e.getValue())) {
                throw new IllegalArgumentException(configFile + ": " + e.getKey() + " '" + e.getValue()
                        + "' is not a token of " + file);
            }
        }
        HuggingFaceTokenizer hf;
        try {
            // No truncation or padding: DJL's defaults would silently cut sequences at 512 tokens.
            Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false",
                    "padding", "false");
            hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": the Hugging Face tokenizers library cannot load it: "
                    + e.getMessage(), e);
        }
        return new Tokenizer(hf, dir, idOf, specialIds, maxId + 1, special, template);
    }

    private static ChatTemplate loadTemplate(Path dir, JsonNode config, Path configFile, Map<String, String> special) {
        Path jinja = dir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            return new ChatTemplate(read(jinja), jinja.toString(), special);
        }
        JsonNode t = config == null ? null : config.get("chat_template");
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isTextual()) {
            return new ChatTemplate(t.textValue(), configFile.toString(), special);
        }
        if (t.isArray()) {
            // Named templates: [{"name": "default", "template": "..."}, ...]; the default one is for chat.
            for (JsonNode n : t) {
                if ("default".equals(n.path("name").asText()) && n.path("template").isTextual()) {
                    return new ChatTemplate(n.get("template").textValue(), configFile + " (default)", special);
                }
            }
            throw new IllegalArgumentException(configFile + ": chat_template is a list without a template named"
                    + " 'default'");
        }
        throw new IllegalArgumentException(configFile + ": chat_template must be a string or a list of named"
                + " templates, found " + t.getNodeType());
    }

    /** Reads ids from the model vocabulary and added tokens; returns the largest id. */
    private static int readVocabulary(JsonNode root, Path file, Map<String, Integer> idOf, Set<Integer> specialIds) {
        int maxId = -1;
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                idOf.put(e.getKey(), e.getValue().asInt());
                maxId = Math.max(maxId, e.getValue().asInt());
            }
        } else if (vocab.isArray()) {
            // Unigram: a list of [piece, score]; the id is the position.
            int i = 0;
            for (JsonNode piece : vocab) {
                idOf.putIfAbsent(piece.path(0).asText(), i);
                maxId = Math.max(maxId, i++);
            }
        }
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt(-1);
            String content = t.path("content").asText(null);
            if (id < 0 || content == null) {
                throw new IllegalArgumentException(file + ": added_tokens entry " + t + " needs an id and content");
            }
            idOf.put(content, id);
            if (t.path("special").asBoolean(false)) {
                specialIds.add(id);
            }
            maxId = Math.max(maxId, id);
        }
        if (maxId < 0) {
            throw new IllegalArgumentException(file + ": no vocabulary found (model.vocab and added_tokens are empty)");
        }
        return maxId;
    }

    private static String tokenContent(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        return n.path("content").isTextual() ? n.get("content").textValue() : null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json, Path file) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(file + ": must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Encodes text.
     *
     * @param text              the text
     * @param addSpecialTokens  apply the tokenizer's post-processor (e.g. a leading bos); chat-template output is
     *                          encoded without, because the template writes its own special tokens
     * @return the token ids
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = hf.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /**
     * Decodes ids to text.
     *
     * @param ids               the token ids
     * @param skipSpecialTokens leave out special tokens (bos, eos, chat markers)
     * @return the text
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return hf.decode(l, skipSpecialTokens);
    }

    /** @return the id of a token (vocabulary entry or added token), if it has one */
    public OptionalInt tokenId(String token) {
        Integer id = idOf.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** @return the number of ids (largest id + 1) */
    public int vocabSize() {
        return vocabSize;
    }

    /** @return ids of the added tokens marked special */
    public Set<Integer> specialTokenIds() {
        return Collections.unmodifiableSet(specialIds);
    }

    /** @return the special tokens named in tokenizer_config.json ({@code bos_token -> "<s>"}, ...) */
    public Map<String, String> specialTokens() {
        return Collections.unmodifiableMap(specialTokens);
    }

    /** @return the id of {@code eos_token} from tokenizer_config.json, or -1 */
    public int eosTokenId() {
        return idOfSpecial("eos_token");
    }

    /** @return the id of {@code bos_token} from tokenizer_config.json, or -1 */
    public int bosTokenId() {
        return idOfSpecial("bos_token");
    }

    /** @return the id of {@code pad_token} from tokenizer_config.json, or -1 */
    public int padTokenId() {
        return idOfSpecial("pad_token");
    }

    private int idOfSpecial(String key) {
        String t = specialTokens.get(key);
        return t == null ? -1 : idOf.getOrDefault(t, -1);
    }

    /** @return the chat template, if the directory has one */
    public Optional<ChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /**
     * Renders a conversation with the chat template.
     *
     * @throws IllegalArgumentException if there is no chat template or it fails
     */
    public String applyChatTemplate(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (chatTemplate == null) {
            throw new IllegalArgumentException(directory + " has no chat template (chat_template.jinja or"
                    + " chat_template in tokenizer_config.json)");
        }
        return chatTemplate.render(messages, addGenerationPrompt);
    }

    /** @return the directory the tokenizer was loaded from */
    public Path directory() {
        return directory;
    }

    /** @return the tokenizer files present in its directory (see {@link #FILES}) */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        for (String f : FILES) {
            if (Files.isRegularFile(directory.resolve(f))) {
                out.add(directory.resolve(f));
            }
        }
        return out;
    }

    @Override
    public void close() {
        hf.close();
    }

    @Override
    public String toString() {
        return "Tokenizer[" + directory + ", " + vocabSize + " ids" + (chatTemplate != null ? ", chat template" : "")
                + "]";
    }
}
