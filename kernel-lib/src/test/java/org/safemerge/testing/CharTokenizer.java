package org.safemerge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A character-level Hugging Face tokenizer for tests: a BPE model with no merges over printable ASCII and newline,
 * special tokens {@code <pad>=0 <bos>=1 <eos>=2 <|user|>=3 <|assistant|>=4 <unk>=5}, a post-processor adding bos,
 * a Fuse decoder, and a chat template in {@code tokenizer_config.json}:
 * {@code <bos><|user|>PROMPT\n<|assistant|>ANSWER<eos>}.
 *
 * <pre>
 * Path model = CharTokenizer.writeTo(PicoLlama.builder().vocab(128).writeTo(dir));
 * </pre>
 */
public final class CharTokenizer {
    /** Ids used by the tokenizer (a model needs vocab_size at least this). */
    public static final int VOCAB = 102;
    public static final int PAD = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int USER = 3;
    public static final int ASSISTANT = 4;

    private CharTokenizer() {
    }

    /** Copies tokenizer.json and tokenizer_config.json into {@code dir}; returns {@code dir}. */
    public static Path writeTo(Path dir) {
        for (String f : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            try (InputStream in = CharTokenizer.class.getResourceAsStream("chartok/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("test resource chartok/" + f + " is missing");
                }
                Files.createDirectories(dir);
                Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /**
     * Writes {@code datasets/pico-chat}: a pico Llama (vocab 128, random weights, seed 7) with this tokenizer and its
     * chat template, the model the README's examples run on. Deterministic: the shipped copy is checked against it.
     */
    public static Path picoChat(Path dir) {
        return writeTo(PicoLlama.builder().architecture("llama").heads(4).kvHeads(2).vocab(128).std(0.3).seed(7)
                .dtype(org.safemerge.io.DType.BF16).writeTo(dir));
    }

    /** @return the id of a printable ASCII character or newline */
    public static int id(char c) {
        return c == '\n' ? VOCAB - 1 : 6 + (c - 32);
    }
}
