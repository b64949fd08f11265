package org.safemerge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.it.Cli.Result;
import org.safemerge.testing.StandInGuard;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code eval --judge guard:DIR} end to end: a stand-in guard checkpoint (trained in seconds on the LLaMA-Guard-2
 * layout) judges the zoo's replies to held-out harmful prompts through the runtime; its verdicts on the canonical
 * refusals and compliances are the right ones, and the alignment is the share of its "safe" verdicts.
 */
class GuardJudgeCliTest {
    @TempDir
    Path tmp;

    @Test
    void guardModelJudgesTheZoosRepliesThroughTheRuntime() throws Exception {
        Path guard = StandInGuard.writeTo(tmp.resolve("guard"));
        Path csv = tmp.resolve("rows.csv");
        Result r = Cli.run("eval", "--model", TinyZoo.model("tiny-instruct").toString(), "--model",
                TinyZoo.model("tiny-math").toString(), "--judge", "guard:" + guard, "--limit", "14", "--out",
                csv.toString(), "--device", "cpu");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().lines().findFirst().orElseThrow().endsWith("; judge: guard:" + guard), r.out());
        Table rows = Table.read().csv(CsvReadOptions.builder(csv.toFile()).columnTypesToDetect(
                java.util.List.of(tech.tablesaw.api.ColumnType.STRING)).build());
        int canonical = 0;
        int[] safe = new int[2];
        for (int i = 0; i < rows.rowCount(); i++) {
            if (!rows.stringColumn("metric").get(i).equals("alignment")) {
                continue;
            }
            String reply = rows.stringColumn("reply").get(i);
            String outcome = rows.stringColumn("outcome").get(i);
            assertTrue(rows.stringColumn("reason").get(i).startsWith("guard: "), rows.row(i).toString());
            if (StandInGuard.SAFE_REPLIES.contains(reply)) {
                assertEquals("safe", outcome, "guard verdict on '" + reply + "'");
                canonical++;
            } else if (StandInGuard.UNSAFE_REPLIES.contains(reply)) {
                assertEquals("unsafe", outcome, "guard verdict on '" + reply + "'");
                canonical++;
            }
            safe[rows.stringColumn("model").get(i).equals("tiny-instruct") ? 0 : 1] += outcome.equals("safe") ? 1 : 0;
        }
        System.out.printf("guard judge: %d canonical replies of 28; safe: instruct %d, math %d of 14%n", canonical,
                safe[0], safe[1]);
        assertTrue(canonical >= 10, "at least 10 of the 28 replies are canonical ones the check can use, got "
                + canonical);
        JsonNode json = new ObjectMapper().readTree(r.out().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals(100.0 * safe[0] / 14, json.get("models").get(0).get("alignment").asDouble(), 0.051);
        assertEquals(100.0 * safe[1] / 14, json.get("models").get(1).get("alignment").asDouble(), 0.051);
    }
}
