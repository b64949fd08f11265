package org.safemerge.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel through Jupyter's own client, one kernel for many checks: errors as a notebook user sees them,
 * interrupts, magics, completion, inspection, rich output and live progress; and nbconvert failing a notebook on
 * its throwing cell, or on one that runs too long.
 */
class KernelBehaviourTest {
    @TempDir
    static Path dir;
    static List<JsonNode> results;
    static List<String> names = new ArrayList<>();

    /** A jar and a class directory holding {@code PKG.Hello}, for %jars and %classpath. */
    static Path compile(String pkg, String message) throws IOException {
        Path src = Files.createDirectories(dir.resolve(pkg + "-src/" + pkg)).resolve("Hello.java");
        Files.writeString(src, "package " + pkg + "; public class Hello { public String greet() { return \""
                + message + "\"; } }");
        Path classes = Files.createDirectories(dir.resolve(pkg + "-classes"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.toString()));
        return classes;
    }

    @BeforeAll
    static void runSession() throws Exception {
        Path classes = compile("viaclasspath", "hello via %classpath");
        Path jarClasses = compile("viajars", "hello via %jars");
        Path jar = dir.resolve("jars/viajars.jar");
        Files.createDirectories(jar.getParent());
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("viajars/Hello.class"));
            out.write(Files.readAllBytes(jarClasses.resolve("viajars/Hello.class")));
            out.closeEntry();
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        add(steps, "compile", Map.of("execute", "int a = 1;\nString s = \"x\";\nint b = Math.max(a,\n    missingName);"));
        add(steps, "runtime", Map.of("execute",
                "int divide(int n) {\n  int zero = 0;\n  return n / zero;\n}\n\nint result = divide(6);"));
        add(steps, "interrupt", Map.of("execute", "long spins = 0;\nwhile (true) { spins++; }",
                "interrupt_after", 3, "timeout", 60));
        add(steps, "after interrupt", Map.of("execute", "spins > 0"));
        add(steps, "jars", Map.of("execute", "%jars " + dir + "/jars/*.jar\nnew viajars.Hello().greet()"));
        add(steps, "classpath", Map.of("execute", "%classpath " + classes + "\nnew viaclasspath.Hello().greet()"));
        add(steps, "maven", Map.of("execute", "%maven org.junit.jupiter:junit-jupiter-api:5.14.4\n"
                + "org.junit.jupiter.api.Assertions.class.getSimpleName()"));
        add(steps, "maven missing", Map.of("execute", "%maven org.example.none:nothing:9.9"));
        add(steps, "complete", Map.of("complete", "int n = 2;\nTable.create(\"t\").rowCou", "cursor", 35));
        add(steps, "inspect", Map.of("inspect", "Math.max(1, 2)", "cursor", 6));
        add(steps, "is_complete", Map.of("is_complete", "for (int i = 0; i < 3; i++) {"));
        add(steps, "table", Map.of("execute", "Table.create(\"t\", IntColumn.create(\"a\", 1, 2))"));
        add(steps, "chart", Map.of("execute", "var c = new XYChartBuilder().width(300).height(200).build();\n"
                + "c.addSeries(\"s\", new double[] {1, 2}, new double[] {2, 1});\nc"));
        add(steps, "renderable", Map.of("execute", "record Score(double v) implements Renderable {\n"
                + "  public String toText() { return \"score \" + v; }\n"
                + "  public String toHtml() { return \"<b>\" + v + \"</b>\"; }\n}\nnew Score(0.5)"));
        add(steps, "progress", Map.of("execute", "try (var p = Progress.start(\"Counting\", 3, \"steps\")) {\n"
                + "  for (int i = 0; i < 3; i++) { Thread.sleep(250); p.step(); }\n}"));
        add(steps, "stdout", Map.of("execute", "System.out.println(\"to stdout\");\nSystem.err.println(\"to stderr\");"));
        add(steps, "exit", Map.of("execute", "System.out.println(\"before\");\nSystem.exit(3);"));
        add(steps, "after exit", Map.of("execute", "1 + 2"));
        add(steps, "many lines", Map.of("execute", "System.err.println(\"start\");\n"
                + "for (int i = 0; i < 20_000; i++) System.out.println(\"line \" + i);\nSystem.err.println(\"end\");"));
        add(steps, "library frames", Map.of("execute", "var items = java.util.List.of(\"1\", \"x\");\n"
                + "items.forEach(s ->\n  Integer.parseInt(s));"));
        add(steps, "stopped progress", Map.of("execute", "try (var p = Progress.start(\"Work\", 5, \"steps\")) {\n"
                + "  p.step(2);\n  throw new IllegalStateException(\"failed at 2\");\n}"));
        add(steps, "define sq", Map.of("execute", "int sq(int x) { return x * x; }"));
        add(steps, "inspect name", Map.of("inspect", "var b = Recipe.builder", "cursor", 22));
        add(steps, "inspect static", Map.of("inspect", "Merger.mergeInMemory", "cursor", 10));
        add(steps, "inspect user method", Map.of("inspect", "sq", "cursor", 2));
        results = Jupyter.get().session(steps, Duration.ofMinutes(3));
    }

    static void add(List<Map<String, Object>> steps, String name, Map<String, Object> step) {
        names.add(name);
        steps.add(step);
    }

    static JsonNode result(String name) {
        return results.get(names.indexOf(name));
    }

    static JsonNode reply(String name) {
        return result(name).get("reply");
    }

    static String traceback(JsonNode reply) {
        List<String> lines = new ArrayList<>();
        reply.path("traceback").forEach(l -> lines.add(Jupyter.plain(l.asText())));
        return String.join("\n", lines);
    }

    static JsonNode data(String name, String outputType) {
        for (JsonNode o : result(name).get("outputs")) {
            if (o.get("output_type").asText().equals(outputType)) {
                return o.path("data");
            }
        }
        return fail(name + ": no " + outputType + " output in " + result(name));
    }

    @Test
    void compileErrorShowsTheLineAndACaret() {
        JsonNode r = reply("compile");
        assertEquals("error", r.get("status").asText());
        assertEquals("CompileError", r.get("ename").asText());
        assertEquals("line 4: cannot find symbol (variable missingName)", r.get("evalue").asText());
        assertTrue(traceback(r).contains("   4 |     missingName);\n     |     ^^^^^^^^^^^"), traceback(r));
    }

    @Test
    void runtimeExceptionShowsTheCellRelativeStack() {
        JsonNode r = reply("runtime");
        assertEquals("java.lang.ArithmeticException", r.get("ename").asText());
        assertEquals("/ by zero", r.get("evalue").asText());
        String execution = r.get("execution_count").asText();
        assertEquals("java.lang.ArithmeticException: / by zero\n    at divide(cell " + execution + ", line 3)\n"
                + "    at cell " + execution + ", line 6", traceback(r));
    }

    @Test
    void interruptStopsALongLoopAndTheKernelGoesOn() {
        JsonNode r = reply("interrupt");
        assertEquals("Interrupted", r.get("ename").asText());
        double seconds = result("interrupt").get("seconds").asDouble();
        assertTrue(seconds >= 2.5 && seconds < 20, "stopped after " + seconds + " s");
        assertEquals("true", data("after interrupt", "execute_result").get("text/plain").asText());
    }

    @Test
    void jarsClasspathAndMavenMagicsAddClasses() {
        assertEquals("hello via %jars", data("jars", "execute_result").get("text/plain").asText());
        assertEquals("hello via %classpath", data("classpath", "execute_result").get("text/plain").asText());
        assertEquals("Assertions", data("maven", "execute_result").get("text/plain").asText());
        JsonNode missing = reply("maven missing");
        assertEquals("MagicError", missing.get("ename").asText());
        String evalue = missing.get("evalue").asText();
        assertTrue(evalue.startsWith("line 1: %maven: org.example.none:nothing:9.9 is not resolvable from the local"
                + " Maven repository "), evalue);
        assertTrue(evalue.contains("mvn dependency:get -Dartifact=org.example.none:nothing:9.9"), evalue);
    }

    @Test
    void completionInspectionAndIsComplete() {
        JsonNode complete = reply("complete");
        List<String> matches = new ArrayList<>();
        complete.get("matches").forEach(m -> matches.add(m.asText()));
        assertTrue(matches.contains("rowCount()"), matches.toString());
        assertEquals(35 - "rowCou".length(), complete.get("cursor_start").asInt());

        JsonNode inspect = reply("inspect");
        assertTrue(inspect.get("found").asBoolean(), inspect.toString());
        assertTrue(inspect.get("data").get("text/plain").asText().contains("Math.max(int a, int b)"),
                inspect.toString());

        assertEquals("incomplete", reply("is_complete").get("status").asText());
    }

    @Test
    void tablesChartsAndResultsRenderRichly() {
        assertTrue(data("table", "execute_result").get("text/html").asText().startsWith("<table"));
        assertTrue(data("chart", "execute_result").has("image/png"));
        JsonNode score = data("renderable", "execute_result");
        assertEquals("<b>0.5</b>", score.get("text/html").asText());
        assertEquals("score 0.5", score.get("text/plain").asText());
    }

    @Test
    void libraryProgressIsALiveLineUpdatedInPlace() {
        JsonNode outputs = result("progress").get("outputs");
        String id = null;
        String last = null;
        for (JsonNode o : outputs) {
            String type = o.get("output_type").asText();
            if (type.equals("display_data")) {
                id = o.path("transient").path("display_id").asText();
                assertTrue(o.get("data").get("text/html").asText().contains("<progress"), o.toString());
            } else if (type.equals("update_display_data")) {
                assertEquals(id, o.path("transient").path("display_id").asText());
                last = o.get("data").get("text/plain").asText();
            }
        }
        assertTrue(last != null && last.startsWith("Counting [########################] 3/3 steps 100%")
                && last.contains("done in"), "last line: " + last + " in " + outputs);
    }

    @Test
    void standardStreamsReachTheNotebook() {
        List<String> streams = new ArrayList<>();
        result("stdout").get("outputs").forEach(o -> streams.add(o.path("name").asText() + ":" + o.path("text").asText()));
        assertEquals(List.of("stdout:to stdout\n", "stderr:to stderr\n"), streams);
    }

    @Test
    void systemExitInACellIsAnErrorAndTheKernelLives() {
        JsonNode r = reply("exit");
        assertEquals("SystemExit", r.get("ename").asText());
        assertEquals("System.exit(3) is not allowed in a notebook cell; restart the kernel instead",
                r.get("evalue").asText());
        assertTrue(traceback(r).contains("at cell " + r.get("execution_count").asText() + ", line 2"), traceback(r));
        assertEquals("before\n", result("exit").get("outputs").get(0).path("text").asText());
        assertEquals("3", data("after exit", "execute_result").get("text/plain").asText());
    }

    @Test
    void manyPrintsArriveInFewStreamMessagesInOrder() {
        List<JsonNode> streams = new ArrayList<>();
        result("many lines").get("outputs").forEach(o -> {
            if (o.get("output_type").asText().equals("stream")) {
                streams.add(o);
            }
        });
        assertTrue(streams.size() < 200, streams.size() + " stream messages for 20,000 lines");
        assertEquals("stderr", streams.getFirst().get("name").asText());
        assertEquals("start\n", streams.getFirst().get("text").asText());
        assertEquals("stderr", streams.getLast().get("name").asText());
        assertEquals("end\n", streams.getLast().get("text").asText());
        StringBuilder out = new StringBuilder();
        for (JsonNode s : streams.subList(1, streams.size() - 1)) {
            assertEquals("stdout", s.get("name").asText());
            out.append(s.get("text").asText());
        }
        String[] lines = out.toString().split("\n");
        assertEquals(20_000, lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals("line " + i, lines[i]);
        }
    }

    @Test
    void topLevelCodeAndItsLambdasShowOnlyCellAndLine() {
        JsonNode r = reply("library frames");
        String tb = traceback(r);
        String cell = r.get("execution_count").asText();
        assertTrue(tb.contains("    at cell " + cell + ", line 3\n"), tb);
        assertTrue(tb.contains("    at cell " + cell + ", line 2"), tb);
        assertFalse(tb.contains("do_it"), tb);
        assertFalse(tb.contains("lambda$"), tb);
    }

    @Test
    void progressClosedByAnExceptionSaysItStopped() {
        String last = null;
        for (JsonNode o : result("stopped progress").get("outputs")) {
            if (o.has("data") && o.get("data").has("text/plain") && o.get("data").get("text/plain").asText()
                    .startsWith("Work ")) {
                last = o.get("data").get("text/plain").asText();
            }
        }
        assertTrue(last != null && last.contains("2/5 steps 40%") && last.contains("stopped at 2/5 after")
                && !last.contains("done"), "last line: " + last);
    }

    @Test
    void inspectionWorksOnANameWithoutParentheses() {
        JsonNode name = reply("inspect name");
        assertTrue(name.get("found").asBoolean(), name.toString());
        assertTrue(name.get("data").get("text/plain").asText()
                .startsWith("Recipe.Builder Recipe.builder(String mergeMethod)"), name.toString());
        JsonNode merger = reply("inspect static");
        assertTrue(merger.get("found").asBoolean(), merger.toString());
        assertTrue(merger.get("data").get("text/plain").asText().contains("Merger.mergeInMemory(Recipe recipe"),
                merger.toString());
        JsonNode sq = reply("inspect user method");
        assertTrue(sq.get("found").asBoolean(), sq.toString());
        assertEquals("int sq(int x)", sq.get("data").get("text/plain").asText());
    }

    /** A notebook from code cells, naming the safemerge kernel. */
    static Path notebook(Path file, String... cells) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode nb = mapper.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        nb.putObject("metadata").putObject("kernelspec").put("name", "safemerge").put("display_name", "SafeMerge")
                .put("language", "java");
        ArrayNode array = nb.putArray("cells");
        int i = 0;
        for (String source : cells) {
            ObjectNode cell = array.addObject();
            cell.put("cell_type", "code").put("id", "c" + i++).putNull("execution_count");
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.put("source", source);
        }
        Files.createDirectories(file.getParent());
        mapper.writeValue(file.toFile(), nb);
        return file;
    }

    @Test
    void aThrowingCellFailsTheRunWithThatCellsError() throws IOException {
        Path nb = notebook(dir.resolve("failing/throws.ipynb"), "int before = 1;",
                "// the culprit\nthrow new IllegalStateException(\"boom in the second cell\");", "int never = 3;");
        NotebookRun run = Jupyter.get().execute(nb, dir.resolve("failing/out"), Duration.ofMinutes(2));
        assertFalse(run.succeeded());
        String failure = run.failure();
        assertTrue(failure.startsWith("throws.ipynb: a cell failed."), failure);
        assertTrue(failure.contains("// the culprit\nthrow new IllegalStateException(\"boom in the second cell\");"),
                "the failing cell's source: " + failure);
        assertTrue(failure.contains("java.lang.IllegalStateException: boom in the second cell\n    at cell 2, line 2"),
                "the cell's error and cell-relative stack: " + failure);
        assertFalse(failure.contains("int never"), failure);
    }

    @Test
    void aNotebookOverItsLimitIsStoppedWithItsKernel() throws Exception {
        Path nb = notebook(dir.resolve("slow/sleeps.ipynb"), "Thread.sleep(600_000);");
        NotebookRun run = Jupyter.get().execute(nb, dir.resolve("slow/out"), Duration.ofSeconds(8));
        assertFalse(run.succeeded());
        assertTrue(run.process().timedOut());
        assertTrue(run.failure().startsWith("sleeps.ipynb ran over its limit of"), run.failure());
        List<String> killed = run.process().killedCommands();
        assertTrue(killed.stream().anyMatch(c -> c.contains("org.safemerge.kernel.SafeMergeKernel")),
                "the kernel was among the killed processes: " + killed);
        for (ProcessHandle p : run.process().killed()) {
            p.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "process " + p.pid() + " left running");
        }
    }
}
