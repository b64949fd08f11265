package org.safemerge.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Executes every notebook in {@code notebooks/} headless with the real SafeMerge kernel, as a user's Jupyter would,
 * and fails on any cell error (the message holds that cell and its error), on a run over {@link #LIMIT}, and on
 * missing outputs.
 *
 * <p>Expected outputs come from the notebook's metadata {@code "safemerge": {"expected_outputs": [MIME…],
 * "expected_text": [TEXT…]}}; without it a notebook must show at least one {@code image/png} and one HTML table (a
 * SafeMerge notebook ends each step in a table or a chart). {@code text/html} is satisfied by a {@code <table>} only.
 */
@Tag("slow")
class NotebookExecutionTest {
    /** The longest one notebook may run, kernel start included. */
    static final Duration LIMIT = Duration.ofMinutes(3);
    static final List<String> DEFAULT_EXPECTED = List.of("image/png", "text/html");

    private static final Map<Path, NotebookRun> RUNS = new ConcurrentHashMap<>();

    /** Each notebook runs once per test class; the tests below read the same run. */
    static NotebookRun run(Path notebook) {
        return RUNS.computeIfAbsent(notebook, nb -> {
            try {
                Path out = Files.createDirectories(Jupyter.get().home.resolve("executed"));
                return Jupyter.get().execute(nb, out, LIMIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static List<Path> notebooks() throws IOException {
        Path dir = Jupyter.get().root.resolve("notebooks");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsHeadlessWithItsOutputs() throws IOException {
        List<Path> notebooks = notebooks();
        assertFalse(notebooks.isEmpty(), "no notebooks in notebooks/");
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
            NotebookRun run = run(nb);
            if (!run.succeeded()) {
                fail(run.failure());
            }
            checkExpectedOutputs(run);
        }));
    }

    static void checkExpectedOutputs(NotebookRun run) {
        JsonNode meta = run.executed().path("metadata").path("safemerge");
        List<String> mimes = new ArrayList<>();
        meta.path("expected_outputs").forEach(m -> mimes.add(m.asText()));
        if (meta.path("expected_outputs").isMissingNode()) {
            mimes.addAll(DEFAULT_EXPECTED);
        }
        String name = run.notebook().getFileName().toString();
        for (String mime : mimes) {
            List<String> data = run.data(mime);
            if (mime.equals("text/html")) {
                data = data.stream().filter(html -> html.contains("<table")).toList();
            }
            assertFalse(data.isEmpty(), name + " shows no " + mime + (mime.equals("text/html") ? " table" : "")
                    + " output");
        }
        String text = run.allText();
        meta.path("expected_text").forEach(t -> assertTrue(text.contains(t.asText()),
                name + " does not show \"" + t.asText() + "\"; its text output was:\n" + text));
    }

    @Test
    void setupCheckShowsEngineTableChartAndTheFinalProgressLine() {
        NotebookRun run = run(Jupyter.get().root.resolve("notebooks/00-setup-check.ipynb"));
        if (!run.succeeded()) {
            fail(run.failure());
        }
        String text = run.allText();
        assertTrue(text.matches("(?s).*SafeMerge \\S+ · Java 25\\S* · DJL \\S+, engine PyTorch \\S+ · device .*"), text);
        assertTrue(text.contains("read 2/2 tensors, last: model.norm.weight [32]"),
                "updateDisplay replaced the progress line: " + text);
        List<String> tables = run.data("text/html");
        assertEquals(1, tables.size());
        assertTrue(tables.getFirst().contains("<td style=\"text-align:left\">model.embed_tokens.weight</td>"),
                tables.getFirst());
        assertTrue(tables.getFirst().contains("<td style=\"text-align:right\">2048</td>"), tables.getFirst());
        assertEquals(1, run.data("image/png").size(), "one histogram");
    }

    @Test
    void committedNotebooksKeepNoOutputs() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (Path nb : notebooks()) {
            JsonNode json = mapper.readTree(nb.toFile());
            int i = 0;
            for (JsonNode cell : json.path("cells")) {
                i++;
                if (cell.path("cell_type").asText().equals("code")) {
                    assertEquals(0, cell.path("outputs").size(), nb.getFileName() + " cell " + i + " has outputs:"
                            + " strip them before committing (jupyter nbconvert --clear-output --inplace)");
                    assertTrue(cell.path("execution_count").isNull(), nb.getFileName() + " cell " + i
                            + " has an execution count: strip outputs before committing");
                }
            }
            assertEquals("safemerge", json.path("metadata").path("kernelspec").path("name").asText(),
                    nb.getFileName() + " must name the safemerge kernelspec");
        }
    }
}
