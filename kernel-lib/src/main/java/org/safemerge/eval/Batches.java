package org.safemerge.eval;

import java.util.ArrayList;
import java.util.List;
import org.safemerge.progress.Progress;

/** Asks a responder in batches, with a progress bar, and checks that every prompt got one reply. */
final class Batches {
    private Batches() {
    }

    static List<String> respond(Responder responder, List<String> prompts, int batchSize, String task) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be at least 1");
        }
        List<String> replies = new ArrayList<>(prompts.size());
        try (Progress progress = Progress.start(task, prompts.size(), "prompts")) {
            for (int from = 0; from < prompts.size(); from += batchSize) {
                List<String> batch = prompts.subList(from, Math.min(prompts.size(), from + batchSize));
                List<String> out = responder.respond(batch);
                if (out == null || out.size() != batch.size()) {
                    throw new IllegalStateException(task + ": responder returned "
                            + (out == null ? "null" : out.size() + " replies") + " for " + batch.size() + " prompts");
                }
                replies.addAll(out);
                progress.step(batch.size());
            }
        }
        return replies;
    }
}
