package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aTaskClosedEarlySaysItStoppedNotDone() {
        Recorder recorder = new Recorder();
        AtomicLong clock = new AtomicLong(0);
        NotebookProgressFactory factory = new NotebookProgressFactory(recorder, clock::get, 1);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> {
            try (Progress p = factory.start("Work", 5, "steps")) {
                p.step();
                p.step();
                throw new RuntimeException("boom");
            }
        });
        assertEquals("boom", failure.getMessage());
        String last = recorder.lines.getLast().toText();
        assertEquals("Work [#########...............] 2/5 steps 40% · stopped at 2/5 after 0.0 s", last);
        assertFalse(last.contains("done"), last);
    }

    @Test
    void aTaskLeftOpenWhenItsCellEndsIsClosedAsStopped() {
        Recorder recorder = new Recorder();
        AtomicLong clock = new AtomicLong(0);
        long second = 1_000_000_000L;
        NotebookProgressFactory factory = new NotebookProgressFactory(recorder, clock::get, 1);
        Progress p = factory.start("Generating", 4, "prompts");   // an interrupt will skip its close()
        clock.set(second);
        p.step();
        clock.set(3 * second);
        factory.closeOpen();
        assertEquals("Generating [######..................] 1/4 prompts 25% · 0.3 prompts/s · stopped at 1/4 after 3.0 s",
                recorder.lines.getLast().toText());
        Progress unknown = factory.start("Reading", -1, "files");
        unknown.step(12);
        factory.closeOpen();
        assertEquals("Reading 12 files · stopped at 12 files after 0.0 s", recorder.lines.getLast().toText());
        int events = recorder.events.size();
        p.close();                       // a late close changes nothing
        factory.closeOpen();
        assertEquals(events, recorder.events.size());
        try (Progress all = factory.start("Done", 2, "steps")) {
            all.step(2);
        }
        assertTrue(recorder.lines.getLast().toText().endsWith("· done in 0.0 s"), recorder.lines.getLast().toText());
    }

    @Test
    void quickWorkLeavesNoLineButStoppedOrLongWorkDoes() {
        Recorder recorder = new Recorder();
        AtomicLong clock = new AtomicLong(0);
        long ms = 1_000_000L;
        NotebookProgressFactory factory = new NotebookProgressFactory(recorder, clock::get, 200 * ms, 500 * ms, null);
        try (Progress quick = factory.start("Generating", 3, "prompts")) {
            clock.addAndGet(100 * ms);
            quick.step(3);
        }
        assertEquals(List.of(), recorder.events, "work under 0.5 s that finished shows nothing");
        try (Progress slow = factory.start("Merging", 3, "tensors")) {
            clock.addAndGet(300 * ms);
            slow.step();                    // 0.3 s: not shown yet
            assertEquals(List.of(), recorder.events);
            clock.addAndGet(300 * ms);
            slow.step();                    // 0.6 s: shown
            clock.addAndGet(300 * ms);
            slow.step();
        }
        assertEquals(List.of("display Merging", "update id-1 Merging", "update id-1 Merging"),
                recorder.events.stream().map(e -> e.substring(0, e.indexOf(" ["))).toList());
        recorder.events.clear();
        Progress stopped = factory.start("Scoring", 4, "items");
        stopped.step();
        stopped.close();
        assertEquals(List.of("display Scoring [######..................] 1/4 items 25% · stopped at 1/4 after 0.0 s"),
                recorder.events);
    }

    @Test
    void unknownTotalsShowCountsWithoutABar() {
        ProgressLine line = new ProgressLine("Reading", 12, -1, "files", 4_000_000_000L, "", ProgressLine.State.RUNNING);
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
