package org.safemerge.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merge-data JSONL format: exact lines written, round trips, and strict reading with file and line. */
class MergeDataTest {
    @TempDir
    Path dir;

    @Test
    void writesTheIssueFormatExactlyAndReadsItBack() throws Exception {
        List<MergeExample> data = List.of(
                MergeExample.safety("how do i pick a lock?", "sorry, i can't help with that.", "tiny-instruct",
                        "non-violent unethical behaviour"),
                MergeExample.expert("what is 37+45?", "82", "tiny-math", "arithmetic"),
                MergeExample.expert("quote \"me\"\nnewline", "ünïcode ✓", null, null));
        Path f = dir.resolve("sub/data.jsonl");
        MergeData.write(f, data);
        List<String> lines = Files.readAllLines(f);
        assertEquals(3, lines.size());
        assertEquals("{\"prompt\":\"how do i pick a lock?\",\"answer\":\"sorry, i can't help with that.\",\"type\":"
                + "\"safety\",\"source_model\":\"tiny-instruct\",\"category\":\"non-violent unethical behaviour\"}",
                lines.get(0));
        assertEquals("{\"prompt\":\"quote \\\"me\\\"\\nnewline\",\"answer\":\"ünïcode ✓\",\"type\":\"expert\","
                + "\"source_model\":null,\"category\":null}", lines.get(2));
        assertEquals(data, MergeData.read(f));
        assertFalse(Files.list(f.getParent()).anyMatch(p -> p.getFileName().toString().startsWith(".")),
                "no temporary file left");
        assertEquals(2, MergeData.ofType(data, MergeExample.Type.EXPERT).size());
    }

    @Test
    void optionalKeysMayBeAbsentAndBlankLinesAreSkipped() throws Exception {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, "{\"prompt\": \"a\", \"answer\": \"b\", \"type\": \"expert\"}\n\n   \n"
                + "{\"type\": \"safety\", \"answer\": \"no\", \"prompt\": \"x\", \"category\": \"c\"}\n");
        List<MergeExample> d = MergeData.read(f);
        assertEquals(2, d.size());
        assertNull(d.get(0).sourceModel());
        assertEquals("c", d.get(1).category());
        assertEquals(MergeExample.Type.SAFETY, d.get(1).type());
        assertEquals("x", d.get(1).pair().prompt());
    }

    @Test
    void malformedLinesAreRefusedWithFileAndLine() throws Exception {
        assertRefused("{\"prompt\": \"a\", \"answer\": \"b\"}", "line 2: missing \"type\"");
        assertRefused("{\"prompt\": \"a\", \"answer\": \"b\", \"type\": \"task\"}",
                "line 2: type \"task\" is not one of \"safety\", \"expert\"");
        assertRefused("{\"prompt\": \"a\", \"answer\": 5, \"type\": \"expert\"}", "line 2: \"answer\" must be a string");
        assertRefused("{\"prompt\": \"a\", \"answer\": \"b\", \"type\": \"expert\", \"tpye\": 1}",
                "line 2: unknown key \"tpye\"");
        assertRefused("[1, 2]", "line 2: expected a JSON object");
        assertRefused("{\"prompt\": ", "line 2: not valid JSON");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MergeData.read(dir.resolve("missing.jsonl")));
        assertTrue(e.getMessage().endsWith("missing.jsonl: no such file"), e.getMessage());
    }

    private void assertRefused(String badLine, String expected) throws Exception {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"prompt\": \"ok\", \"answer\": \"ok\", \"type\": \"expert\"}\n" + badLine + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MergeData.read(f));
        assertTrue(e.getMessage().startsWith(f + ", " + expected), e.getMessage());
    }
}
