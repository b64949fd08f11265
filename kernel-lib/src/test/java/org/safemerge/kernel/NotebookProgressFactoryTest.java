package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.safemerge.progress.Progress;

class NotebookProgressFactoryTest {
    /** Records what the kernel would publish. */
    static final class Recorder implements Displays {
        final List<String> events = new ArrayList<>();
        final List<ProgressLine> lines = new ArrayList<>();

        @Override
        public String display(Object value, String... mimeTypes) {
            lines.add((ProgressLine) value);
            events.add("display " + ((ProgressLine) value).toText());
            return "id-" + events.size();
        }

        @Override
        public void update(String id, Object value, String... mimeTypes) {
            lines.add((ProgressLine) value);
            events.add("update " + id + " " + ((ProgressLine) value).toText());
        }
    }

    @Test
    void showsALineAndUpdatesItAtMostOncePerIntervalThenOnClose() {
        Recorder recorder = new Recorder();
        AtomicLong clock = new AtomicLong(0);
        long second = 1_000_000_000L;
        NotebookProgressFactory factory = new NotebookProgressFactory(recorder, clock::get, second / 5);
        try (Progress p = factory.start("Merging", 4, "tensors")) {
            p.step();                       // t = 0: too soon, no update
            clock.set(second / 2);
            p.step();                       // t = 0.5 s: update
            p.step();                       // still t = 0.5 s: no update
            clock.set(second);
            p.message("loss 1.25");         // t = 1 s: update with the message
            p.step();
        }
        assertEquals(List.of(
                "display Merging [........................] 0/4 tensors 0%",
                "update id-1 Merging [############............] 2/4 tensors 50% · 4.0 tensors/s · ETA 0.5 s",
                "update id-1 Merging [##################......] 3/4 tensors 75% · 3.0 tensors/s · ETA 0.3 s · loss 1.25",
                "update id-1 Merging [########################] 4/4 tensors 100% · 4.0 tensors/s · done in 1.0 s · loss 1.25"),
                recorder.events);
        assertTrue(recorder.lines.getLast().toHtml().startsWith(
                "<div class=\"safemerge-progress\"><progress value=\"4\" max=\"4\""), recorder.lines.getLast().toHtml());
    }

    @Test
    void aTaskInsideARunningTaskGetsNoLineOfItsOwn() {
        Recorder recorder = new Recorder();
        AtomicLong clock = new AtomicLong(0);
        NotebookProgressFactory factory = new NotebookProgressFactory(recorder, clock::get, 1);
        try (Progress outer = factory.start("Alignment", 2, "prompts")) {
            for (int batch = 0; batch < 2; batch++) {
                try (Progress inner = factory.start("Generating", 1, "prompts")) {
                    clock.addAndGet(1_000_000_000L);
                    inner.step();
                }
                outer.step();
            }
        }
        try (Progress next = factory.start("Over-refusal", 1, "prompts")) {
            next.step();
        }
        assertEquals(List.of("display Alignment", "update id-1 Alignment", "update id-1 Alignment",
                "update id-1 Alignment", "display Over-refusal", "update id-5 Over-refusal"), recorder.events.stream().map(e -> e.substring(0, e.indexOf(" [")))
                .toList());
    }

    @Test
    void unknownTotalsShowCountsWithoutABar() {
        ProgressLine line = new ProgressLine("Reading", 12, -1, "files", 4_000_000_000L, "", false);
        assertEquals("Reading 12 files · 3.0 files/s", line.toText());
        assertEquals("<div class=\"safemerge-progress\"><code>Reading 12 files · 3.0 files/s</code></div>",
                line.toHtml());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("0.4 s", ProgressLine.duration(0.42));
        assertEquals("42 s", ProgressLine.duration(42.2));
        assertEquals("3 min 05 s", ProgressLine.duration(185));
        assertEquals("2 h 03 min", ProgressLine.duration(2 * 3600 + 3 * 60 + 9));
    }
}
