package org.safemerge.progress;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The terminal bar: a task closed early says where it stopped. */
class ProgressFactoryTest {
    private static String terminal(int steps, int total) {
        PrintStream previous = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            try (Progress p = ProgressFactory.terminal().start("Work", total, "steps")) {
                for (int i = 0; i < steps; i++) {
                    p.step();
                }
                if (steps < total) {
                    throw new IllegalStateException("boom");
                }
            } catch (IllegalStateException expected) {
                // the task failed at steps/total
            }
        } finally {
            System.setErr(previous);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBarClosedEarlySaysItStopped() {
        String out = terminal(2, 5);
        assertTrue(out.matches("(?s).*\\R?Work stopped at 2/5 after \\d+\\.\\d s\\R"), out);
    }

    @Test
    void aFinishedBarDoesNotSayStopped() {
        String out = terminal(5, 5);
        assertTrue(out.contains("5/5"), out);
        assertFalse(out.contains("stopped"), out);
    }
}
