package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.testing.CharTokenizer;

/** The shipped {@code datasets/pico-chat} is exactly what {@link CharTokenizer#picoChat} writes. */
class PicoChatTest {
    @TempDir
    Path dir;

    @Test
    void shippedPicoChatRegeneratesByteForByte() throws Exception {
        Path shipped = Path.of(System.getProperty("safemerge.root", "..")).resolve("datasets/pico-chat");
        Path fresh = CharTokenizer.picoChat(dir.resolve("pico-chat"));
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"}) {
            assertArrayEquals(Files.readAllBytes(fresh.resolve(f)), Files.readAllBytes(shipped.resolve(f)), f);
        }
    }
}
