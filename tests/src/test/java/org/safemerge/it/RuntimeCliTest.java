package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.SafeMerge;
import org.safemerge.it.Cli.Result;
import org.safemerge.io.Npy;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.PromptAnswer;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.tensor.FloatTensor;
import org.safemerge.testing.CharTokenizer;
import org.safemerge.testing.PicoLlama;

/** The forward, generate and score commands end to end: exact output contracts and exit codes. */
class RuntimeCliTest {
    @TempDir
    static Path dir;
    static Path pico;
    static Path chat;

    @BeforeAll
    static void setUp() {
        SafeMerge.configureOffline();
        pico = PicoLlama.builder().std(0.3).seed(21).writeTo(dir.resolve("pico"));
        chat = CharTokenizer.writeTo(PicoLlama.builder().vocab(128).std(0.3).seed(22).writeTo(dir.resolve("chat")));
    }

    static Result run(String... args) {
        return Cli.run(args);
    }

    static List<String> lines(Result r) {
        return r.out().lines().toList();
    }

    @Test
    void forwardWritesFloat32LogitsOfShapeTByVocab() {
        Path out = dir.resolve("new-dir/logits.npy"); // its directory is made, as eval --out and synth --out do
        Result r = run("forward", "--model", pico.toString(), "--tokens", "3,17,42", "--out", out.toString(),
                "--device", "cpu");
        assertEquals(0, r.exitCode(), r.err());
        FloatTensor logits = Npy.read(out);
        assertArrayEquals(new long[] {3, 64}, logits.shape());
        try (LanguageModel m = LanguageModel.load(pico, RuntimeOptions.cpu())) {
            assertArrayEquals(m.logits(new int[] {3, 17, 42}).data(), logits.data(), 0f);
        }
    }

    @Test
    void generatePrintsIdsAsTheLastLine() {
        Result r = run("generate", "--model", pico.toString(), "--tokens", "3,17,42", "--max-new-tokens", "6",
                "--greedy", "--print-ids");
        assertEquals(0, r.exitCode(), r.err());
        try (LanguageModel m = LanguageModel.load(pico, RuntimeOptions.cpu())) {
            int[] expected = m.generate(List.of(new int[] {3, 17, 42}), GenerationOptions.greedy(6)).get(0).tokens();
            assertEquals(IntStream.of(expected).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                    lines(r).getLast());
        }
    }

    @Test
    void generateChatPrintsTheReplyThenIds() {
        Result r = run("generate", "--model", chat.toString(), "--prompt", "2+3?", "--chat", "--max-new-tokens", "5",
                "--print-ids");
        assertEquals(0, r.exitCode(), r.err());
        try (LanguageModel m = LanguageModel.load(chat, RuntimeOptions.cpu())) {
            String reply = m.chat(List.of("2+3?"), GenerationOptions.greedy(5)).get(0);
            assertEquals(reply, r.out().substring(0, r.out().lastIndexOf('\n', r.out().length() - 2)));
            assertTrue(lines(r).getLast().matches("\\d+(,\\d+)*"), r.out());
        }
        Result a = run("generate", "--model", chat.toString(), "--prompt", "hello", "--temperature", "0.9",
                "--top-p", "0.9", "--seed", "5", "--max-new-tokens", "8", "--print-ids");
        Result b = run("generate", "--model", chat.toString(), "--prompt", "hello", "--temperature", "0.9",
                "--top-p", "0.9", "--seed", "5", "--max-new-tokens", "8", "--print-ids");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(a.out(), b.out());
    }

    @Test
    void scorePrintsTheMeanThenATable() throws Exception {
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, "{\"prompt\": \"2+3?\", \"answer\": \"5\"}\n\n"
                + "{\"prompt\": \"capital of france?\", \"answer\": \"paris\"}\n");
        Result r = run("score", "--model", chat.toString(), "--data", data.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (LanguageModel m = LanguageModel.load(chat, RuntimeOptions.cpu())) {
            double expected = m.score(List.of(new PromptAnswer("2+3?", "5"),
                    new PromptAnswer("capital of france?", "paris")), 16).meanLoss();
            assertEquals(expected, Double.parseDouble(lines(r).get(0)), 1e-6);
        }
        assertTrue(r.out().contains("answer tokens                            8"), r.out());
    }

    @Test
    void readmeExamplesRunOnTheShippedPicoModels() {
        Path root = Path.of(System.getProperty("safemerge.root", ".."));
        String llama = root.resolve("datasets/pico-llama").toString();
        String chat = root.resolve("datasets/pico-chat").toString();
        assertEquals(0, run("forward", "--model", llama, "--tokens", "3,17,42", "--out",
                dir.resolve("readme.npy").toString()).exitCode());
        Result ids = run("generate", "--model", llama, "--tokens", "3,17,42", "--max-new-tokens", "8", "--print-ids");
        assertEquals(0, ids.exitCode(), ids.err());
        assertTrue(lines(ids).getLast().matches("\\d+(,\\d+)*"), ids.out());
        assertEquals(0, run("generate", "--model", chat, "--prompt", "what is 2+3?", "--chat", "--temperature",
                "0.8", "--top-p", "0.9", "--seed", "1", "--max-new-tokens", "16").exitCode());
        Result score = run("score", "--model", chat, "--data", root.resolve("datasets/pico-chat-pairs.jsonl").toString());
        assertEquals(0, score.exitCode(), score.err());
        assertTrue(Double.parseDouble(lines(score).get(0)) > 0, score.out());
    }

    @Test
    void badInputsExitWithCode2AndAOneLineReason() throws Exception {
        Result missing = run("forward", "--model", dir.resolve("nope").toString(), "--tokens", "1", "--out",
                dir.resolve("x.npy").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("safemerge: "), missing.err());

        Result range = run("forward", "--model", pico.toString(), "--tokens", "1,64", "--out",
                dir.resolve("x.npy").toString());
        assertEquals(2, range.exitCode());
        assertEquals("safemerge: token id 64 at position 1 of sequence 0 is outside the vocabulary [0, 64)\n",
                range.err());
        assertTrue(Files.notExists(dir.resolve("x.npy")), "no output after a failure");

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"q\", \"answer\": \"a\"}\n{\"prompt\": \"q\"}\n");
        Result jsonl = run("score", "--model", chat.toString(), "--data", bad.toString());
        assertEquals(2, jsonl.exitCode());
        assertEquals("safemerge: " + bad + " line 2: \"answer\" must be a string (each line is {\"prompt\": ...,"
                + " \"answer\": ...})\n", jsonl.err());

        Result both = run("generate", "--model", pico.toString(), "--tokens", "1", "--greedy", "--temperature", "1");
        assertEquals(2, both.exitCode());
        Result neither = run("generate", "--model", pico.toString());
        assertEquals(2, neither.exitCode());
        Result noTokenizer = run("generate", "--model", pico.toString(), "--prompt", "hi");
        assertEquals(2, noTokenizer.exitCode());
        assertEquals("safemerge: this model has no tokenizer (tokenizer.json), so it cannot read text\n",
                noTokenizer.err());
    }
}
