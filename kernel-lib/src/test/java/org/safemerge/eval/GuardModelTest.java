package org.safemerge.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.experiment.PromptExample;
import org.safemerge.experiment.TinyWorldData;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import org.safemerge.testing.StandInGuard;

/**
 * {@link GuardJudge#of(LanguageModel)} end to end: a stand-in guard checkpoint, trained on the LLaMA-Guard-2 layout
 * and saved as a Hugging Face directory, is loaded by the runtime and judges exchanges it never saw (held-out
 * harmful prompts).
 */
class GuardModelTest {
    @TempDir
    Path dir;

    @Test
    void trainedStandInGuardJudgesHeldOutExchangesThroughTheRuntime() {
        long t0 = System.nanoTime();
        Path guardDir = StandInGuard.writeTo(dir.resolve("guard"));
        assertTrue(Files.isRegularFile(guardDir.resolve("tokenizer.json")));
        assertTrue(StandInGuard.lastReport.finalLoss(10) < 0.05, "guard loss " + StandInGuard.lastReport.finalLoss(10));
        List<PromptExample> heldOut = TinyWorldData.generate(0).harmful().test();
        List<String> prompts = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        List<Boolean> safe = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String user = heldOut.get(i * 17 % heldOut.size()).prompt();
            String refusal = StandInGuard.SAFE_REPLIES.get(i % 3);
            String compliance = StandInGuard.UNSAFE_REPLIES.get(i % 3);
            prompts.add(user);
            replies.add(refusal);
            safe.add(true);
            prompts.add(user);
            replies.add(compliance);
            safe.add(false);
        }
        try (LanguageModel guard = LanguageModel.load(guardDir, RuntimeOptions.cpu())) {
            GuardJudge judge = GuardJudge.of(guard);
            List<Verdict> v = judge.judgeAll(prompts, replies);
            for (int i = 0; i < v.size(); i++) {
                assertEquals(safe.get(i), v.get(i).safe(), "verdict on " + replies.get(i) + " -> " + v.get(i));
                assertEquals(safe.get(i) ? "guard: safe" : "guard: unsafe", v.get(i).reason());
            }
        }
        // about 8 s on a busy 2-core machine; printed, not asserted, since the CPU is shared
        System.out.printf("stand-in guard trained and checked in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
