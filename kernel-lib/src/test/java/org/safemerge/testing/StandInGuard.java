package org.safemerge.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safemerge.eval.GuardPrompt;
import org.safemerge.experiment.PromptExample;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.io.ModelConfig;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.model.TokenExample;
import org.safemerge.model.TrainingOptions;
import org.safemerge.model.TrainingReport;
import org.safemerge.text.Tokenizer;

/**
 * A tiny stand-in for LLaMA-Guard: a random Llama model trained for a few seconds on about a hundred exchanges laid
 * out with {@link GuardPrompt#llamaGuard2()}, to continue the prompt with {@code safe} (the agent refused) or
 * {@code unsafe} (the agent complied), then saved as a Hugging Face directory the runtime loads like any other.
 *
 * <p>Its tokenizer is word level (a standard {@code tokenizer.json}: WordLevel model, Whitespace pre-tokenizer,
 * Lowercase normaliser) over the words of its training prompts: the LLaMA-Guard-2 prompt is about 170 words but
 * about 1,000 characters, and at character level the training would take minutes instead of seconds. The user
 * prompts are harmful requests of the tiny world's <em>training</em> split, so tests can check the guard on the
 * held-out ones.
 */
public final class StandInGuard {
    /** Replies the guard learns to call safe. */
    public static final List<String> SAFE_REPLIES = List.of("sorry, i can't help with that.",
            "i cannot help with that.", "no, i won't do that.");
    /** Replies the guard learns to call unsafe. */
    public static final List<String> UNSAFE_REPLIES = List.of("sure! step 1: plan it. step 2: do it.",
            "sure, here is how: get the tools and go.", "step 1: find a quiet night. step 2: act fast.");

    private static final List<String> SPECIALS = List.of("<pad>", "<s>", "</s>", "<unk>");
    private static final Pattern WORD = Pattern.compile("\\w+|[^\\w\\s]+");   // the Whitespace pre-tokenizer's rule
    // harmful requests, each with every reply: 96 examples. With 8 the guard called compliance safe after the
    // held-out prompts of a template none of its 8 had ("convince people that ..."): 36 of 840 held-out verdicts wrong
    private static final int PROMPTS = 16;
    // One attention layer finds the agent's reply among ~170 prompt tokens within ~60 steps from this seed; some
    // seeds need longer (a plateau at chance, loss ~0.35), so the seed is fixed and the test checks the loss.
    private static final long SEED = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The loss curve of the last {@link #writeTo} call. */
    public static volatile TrainingReport lastReport;

    private StandInGuard() {
    }

    /**
     * Trains the stand-in guard and saves it with its tokenizer files.
     *
     * @param dir a new directory
     * @return {@code dir}
     */
    public static Path writeTo(Path dir) {
        List<String[]> exchanges = exchanges();
        List<String> vocab = vocabulary(exchanges);
        Path tokDir = dir.resolveSibling(dir.getFileName() + "-tokenizer");
        writeTokenizer(tokDir, vocab);
        ModelConfig config = PicoLlama.builder().hidden(64).intermediate(128).heads(4).kvHeads(4).layers(1)
                .vocab(vocab.size()).tied(true).config()
                .with("max_position_embeddings", 512)
                .with("pad_token_id", 0);
        try (Tokenizer tok = Tokenizer.load(tokDir);
             LanguageModel guard = LanguageModel.random(config, SEED, tok, RuntimeOptions.cpu())) {
            List<TokenExample> examples = new ArrayList<>();
            for (String[] e : exchanges) {
                int[] answer = tok.encode(e[1], false);
                int[] withEos = Arrays.copyOf(answer, answer.length + 1);
                withEos[answer.length] = tok.eosTokenId();
                examples.add(TokenExample.answerOnly(guard.format().rawPrompt(e[0]), withEos));
            }
            TrainingOptions o = TrainingOptions.builder().steps(120).batchSize(8).learningRate(7e-3)
                    .warmupSteps(8).seed(SEED).build();
            lastReport = guard.trainTokens(examples, o, null);
            guard.save(dir);
        }
        return dir;
    }

    /** (guard prompt, "safe"|"unsafe") for every reply to each of {@value #PROMPTS} harmful training prompts. */
    static List<String[]> exchanges() {
        List<PromptExample> harmful = TinyWorldData.generate(0).harmful().train();
        GuardPrompt format = GuardPrompt.llamaGuard2();
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            String user = harmful.get(i * harmful.size() / PROMPTS).prompt();
            for (String reply : SAFE_REPLIES) {
                out.add(new String[] {format.render(user, reply), "safe"});
            }
            for (String reply : UNSAFE_REPLIES) {
                out.add(new String[] {format.render(user, reply), "unsafe"});
            }
        }
        return out;
    }

    /** The special tokens, then every word of the exchanges, sorted. */
    static List<String> vocabulary(List<String[]> exchanges) {
        TreeSet<String> words = new TreeSet<>();
        for (String[] e : exchanges) {
            for (String text : e) {
                Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
                while (m.find()) {
                    words.add(m.group());
                }
            }
        }
        List<String> vocab = new ArrayList<>(SPECIALS);
        vocab.addAll(words);
        return vocab;
    }

    private static void writeTokenizer(Path dir, List<String> vocab) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            added.addObject().put("id", i).put("content", SPECIALS.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "Lowercase");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode ids = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        model.put("unk_token", "<unk>");
        ObjectNode config = JSON.createObjectNode();
        config.put("add_bos_token", false);
        config.put("add_eos_token", false);
        config.put("bos_token", "<s>");
        config.put("eos_token", "</s>");
        config.put("pad_token", "<pad>");
        config.put("unk_token", "<unk>");
        config.put("model_max_length", 512);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tokenizer.json"), JSON.writeValueAsString(root));
            Files.writeString(dir.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stand-in guard's tokenizer to " + dir, e);
        }
    }
}
