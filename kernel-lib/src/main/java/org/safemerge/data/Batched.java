package org.safemerge.data;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.eval.Responder;
import org.safemerge.progress.Progress;

/** Asks a responder or a question writer in batches, with a progress bar, checking one reply per prompt. */
final class Batched {
    /** Prompts per call: big enough to fill a batched forward pass, small enough for a lively progress bar. */
    static final int BATCH = 64;

    private Batched() {
    }

    static List<String> respond(Responder responder, List<String> prompts, String task) {
        List<String> out = new ArrayList<>(prompts.size());
        try (Progress p = Progress.start(task, prompts.size(), "prompts")) {
            for (int from = 0; from < prompts.size(); from += BATCH) {
                List<String> batch = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
                out.addAll(check(responder.respond(batch), batch.size(), task));
                p.step(batch.size());
            }
        }
        return out;
    }

    /** Samples in batches; batch {@code b} is seeded with {@code Seeds.derive(seed, b)}, so results do not depend on
     *  anything but the prompts and the seed. */
    static List<String> write(QuestionWriter writer, List<String> prompts, long seed, String task) {
        List<String> out = new ArrayList<>(prompts.size());
        try (Progress p = Progress.start(task, prompts.size(), "prompts")) {
            for (int from = 0, b = 0; from < prompts.size(); from += BATCH, b++) {
                List<String> batch = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
                out.addAll(check(writer.write(batch, SynthSeeds.derive(seed, "batch" + b)), batch.size(), task));
                p.step(batch.size());
            }
        }
        return out;
    }

    private static List<String> check(List<String> replies, int expected, String task) {
        if (replies == null || replies.size() != expected) {
            throw new IllegalStateException(task + ": got " + (replies == null ? "no list" : replies.size()
                    + " replies") + " for " + expected + " prompts");
        }
        return replies;
    }
}
