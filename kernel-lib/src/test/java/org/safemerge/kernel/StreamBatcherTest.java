package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stdout and stderr sent in batches, in order, whole characters, nothing lost. */
class StreamBatcherTest {
    record Batch(boolean stderr, String text) {
    }

    @Test
    void manyLinesGoOutInFewBatchesInOrder() {
        List<Batch> batches = new ArrayList<>();
        try (StreamBatcher b = new StreamBatcher(false)) {
            b.attach((err, text) -> batches.add(new Batch(err, text)));
            for (int i = 0; i < 20_000; i++) {
                b.out().println("line " + i);
            }
            b.flush();
        }
        assertTrue(batches.size() < 20, batches.size() + " batches");
        StringBuilder all = new StringBuilder();
        batches.forEach(x -> all.append(x.text()));
        String[] lines = all.toString().split("\n");
        assertEquals(20_000, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals("line " + i, lines[i]);
        }
    }

    @Test
    void switchingStreamsKeepsTheOrder() {
        List<Batch> batches = new ArrayList<>();
        StreamBatcher b = new StreamBatcher(false);
        b.attach((err, text) -> batches.add(new Batch(err, text)));
        b.out().println("a");
        b.out().println("b");
        b.err().println("oops");
        b.out().println("c");
        b.detach();
        b.out().println("after the cell");
        b.flush();
        assertEquals(List.of(new Batch(false, "a\nb\n"), new Batch(true, "oops\n"), new Batch(false, "c\n")), batches);
    }

    @Test
    void aCharacterSplitAcrossWritesArrivesWhole() {
        List<String> texts = new ArrayList<>();
        StreamBatcher b = new StreamBatcher(false);
        b.attach((err, text) -> texts.add(text));
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        b.out().write(euro, 0, 1);
        b.flush();
        b.out().write(euro, 1, 2);
        b.flush();
        assertEquals(List.of("€"), texts);
        assertEquals(3, StreamBatcher.completeUtf8(euro, 3));
        assertEquals(0, StreamBatcher.completeUtf8(euro, 2));
    }

    @Test
    void theTimerSendsWithoutAFlush() throws InterruptedException {
        List<String> texts = java.util.Collections.synchronizedList(new ArrayList<>());
        try (StreamBatcher b = new StreamBatcher()) {
            b.attach((err, text) -> texts.add(text));
            b.out().print("waiting");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (texts.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(List.of("waiting"), texts);
    }
}
