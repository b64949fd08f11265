package org.safemerge.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.model.RuntimeOptions;

class JudgeSpecTest {
    @TempDir
    Path tmp;

    @Test
    void parsesRefusalAndGuardDirectories() throws Exception {
        JudgeSpec refusal = JudgeSpec.parse("refusal");
        assertFalse(refusal.isGuard());
        try (JudgeSpec.Loaded j = refusal.open(RuntimeOptions.cpu())) {
            assertInstanceOf(RefusalJudge.class, j.judge());
        }
        Files.createDirectories(tmp.resolve("guard"));
        Files.writeString(tmp.resolve("guard/config.json"), "{}");
        JudgeSpec guard = JudgeSpec.parse("guard:" + tmp.resolve("guard"));
        assertTrue(guard.isGuard());
        assertEquals("guard:" + tmp.resolve("guard"), guard.toString());
    }

    @Test
    void refusesOtherSpecsAndMissingGuards() throws Exception {
        assertEquals("judge 'llama' is not refusal or guard:DIR", message("llama"));
        assertEquals("judge 'guard:' is not refusal or guard:DIR", message("guard:"));
        Path missing = tmp.resolve("missing");
        assertEquals("judge 'guard:" + missing + "': guard model directory " + missing + " does not exist",
                message("guard:" + missing));
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals("judge 'guard:" + tmp.resolve("empty") + "': " + tmp.resolve("empty") + " has no config.json;"
                + " expected a Hugging Face model directory", message("guard:" + tmp.resolve("empty")));
    }

    private static String message(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> JudgeSpec.parse(spec)).getMessage();
    }
}
