package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JShell in this JVM: values, state, errors with cell lines, interrupts, class path, completion. */
class CellEvaluatorTest {
    private static CellEvaluator shell;

    @BeforeAll
    static void start() {
        shell = new CellEvaluator();
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void severalSnippetsPerCellAndTheTrailingExpressionsObjectComesBack() {
        Object value = shell.eval("int w = 3;\nint h = 2;\nvar img = new java.awt.image.BufferedImage(w, h, 1);\nimg",
                1, 1);
        BufferedImage image = assertInstanceOf(BufferedImage.class, value);
        assertEquals(3, image.getWidth());
        assertEquals(2, image.getHeight());
        assertEquals(7, shell.eval("w * h + 1", 2, 1), "state persists between cells");
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertNull(shell.eval("int unused = 5;", 1, 1));
        assertNull(shell.eval("System.out.print(\"\");", 1, 1));
        assertNull(shell.eval("void noop() { }", 1, 1));
        assertNull(shell.eval("1 + 1;\nint after = 2;", 1, 1), "only the last snippet's value counts");
        assertEquals(5, shell.eval("unused", 1, 1), "a bare variable is an expression");
    }

    @Test
    void compileErrorNamesTheCellLineAndPutsACaretUnderTheCulprit() {
        CellException e = assertThrows(CellException.class,
                () -> shell.eval("int a = 1;\nString s = \"x\";\nint b = Math.max(a,\n    undefinedThing);", 4, 1));
        assertEquals("CompileError", e.name());
        assertEquals("line 4: cannot find symbol (variable undefinedThing)", e.getMessage());
        List<String> tb = e.traceback();
        assertTrue(tb.get(0).contains("Compile error at line 4: cannot find symbol"), tb.get(0));
        assertEquals("   4 |     undefinedThing);", tb.get(1));
        assertEquals("     |     ^^^^^^^^^^^^^^", tb.get(2));
    }

    @Test
    void compileErrorLinesCountFromWhereTheChunkStartsInTheCell() {
        CellException e = assertThrows(CellException.class, () -> shell.eval("\n\n  int z = \"text\";", 2, 5));
        assertEquals("line 7: incompatible types: java.lang.String cannot be converted to int", e.getMessage());
        assertEquals("   7 |   int z = \"text\";", e.traceback().get(1));
        assertEquals("     |           ^^^^^^", e.traceback().get(2));
    }

    @Test
    void unfinishedCodeIsACompileErrorAtItsLine() {
        CellException e = assertThrows(CellException.class,
                () -> shell.eval("int ok = 1;\nfor (int i = 0; i < 3; i++) {\n  ok++;", 3, 1));
        assertEquals("CompileError", e.name());
        assertTrue(e.getMessage().startsWith("line 2: the code is incomplete"), e.getMessage());
    }

    @Test
    void runtimeExceptionShowsTheCellRelativeStackWithoutKernelFrames() {
        CellException e = assertThrows(CellException.class,
                () -> shell.eval("// a helper\nint divide(int n) {\n  int d = 0;\n  return n / d;\n}\n\ndivide(6)", 5, 1));
        assertEquals("java.lang.ArithmeticException", e.name());
        assertEquals("/ by zero", e.getMessage());
        List<String> tb = e.traceback();
        assertTrue(tb.get(0).contains("java.lang.ArithmeticException: / by zero"), tb.get(0));
        assertEquals("    at divide(cell 5, line 4)", tb.get(1));
        assertEquals("    at cell 5, line 7", tb.get(2));
        assertEquals(3, tb.size(), "nothing below the cell's own frame: " + tb);
    }

    @Test
    void runtimeExceptionKeepsLibraryFramesAndCauses() {
        CellException e = assertThrows(CellException.class, () -> shell.eval(
                "void parse() {\n  try { Integer.parseInt(\"x1\"); }\n"
                        + "  catch (NumberFormatException e) { throw new IllegalStateException(\"bad input\", e); }\n}\n"
                        + "parse();", 9, 1));
        assertEquals("java.lang.IllegalStateException", e.name());
        String all = String.join("\n", e.traceback());
        assertTrue(all.contains("at parse(cell 9, line 3)"), all);
        assertTrue(all.contains("Caused by: java.lang.NumberFormatException: For input string: \"x1\""), all);
        assertTrue(all.contains("at java.base/java.lang.Integer.parseInt("), all);
        for (String internal : List.of("jdk.jshell", "org.safemerge.kernel", "java.lang.reflect", "REPL.")) {
            assertFalse(all.contains(internal), "kernel internals (" + internal + ") in\n" + all);
        }
    }

    @Test
    void frameOfAnEarlierCellNamesThatCell() {
        shell.eval("\n\nint failLater() {\n  throw new UnsupportedOperationException(\"later\");\n}", 11, 1);
        CellException e = assertThrows(CellException.class, () -> shell.eval("int x = 0;\nfailLater();", 12, 1));
        assertEquals("    at failLater(cell 11, line 4)", e.traceback().get(1));
        assertEquals("    at cell 12, line 2", e.traceback().get(2));
    }

    @Test
    void callingADeclarationWithAnUndefinedReferenceSaysWhatIsMissing() {
        shell.eval("int usesMissing() { return missingHelper(2); }", 1, 1);
        CellException e = assertThrows(CellException.class, () -> shell.eval("usesMissing()", 2, 1));
        assertEquals("UnresolvedReference", e.name());
        assertEquals("method usesMissing uses method missingHelper(int), which is not defined yet", e.getMessage());
        shell.eval("class Box { int size() { return unknownSize(); } }", 3, 1);
        CellException c = assertThrows(CellException.class, () -> shell.eval("new Box()", 4, 1));
        assertEquals("class Box uses method unknownSize(), which is not defined yet", c.getMessage());
    }

    @Test
    void stopInterruptsALongLoopAndTheSessionGoesOn() {
        shell.eval("long spins = 0;", 1, 1);
        CompletableFuture<CellException> running = CompletableFuture.supplyAsync(() ->
                assertThrows(CellException.class, () -> shell.eval("while (true) { spins++; }", 2, 1)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (!running.isDone()) {
                Thread.sleep(200);
                shell.stop();
            }
            assertEquals("Interrupted", running.get().name());
        });
        shell.clearStop();
        assertEquals(Boolean.TRUE, shell.eval("spins > 0", 3, 1), "variables keep their values after a stop");
    }

    @Test
    void stopWakesASleepingCell() {
        CompletableFuture<CellException> running = CompletableFuture.supplyAsync(() ->
                assertThrows(CellException.class, () -> shell.eval("Thread.sleep(60_000);", 2, 1)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (!running.isDone()) {
                Thread.sleep(200);
                shell.stop();
            }
            assertEquals("Interrupted", running.get().name());
        });
        shell.clearStop();
    }

    @Test
    void importsOfMissingPackagesAreRejectedQuietly() {
        assertTrue(shell.tryImport("import java.util.concurrent.*;"));
        assertFalse(shell.tryImport("import org.safemerge.not.written.yet.*;"));
        assertEquals(java.util.concurrent.TimeUnit.SECONDS, shell.eval("TimeUnit.SECONDS", 1, 1));
    }

    @Test
    void theLibraryIsOnTheClassPath() {
        Object table = shell.eval("tech.tablesaw.api.Table.create(\"t\")", 1, 1);
        assertEquals("tech.tablesaw.api.Table", table.getClass().getName());
        assertEquals(org.safemerge.SafeMerge.version(), shell.eval("org.safemerge.SafeMerge.version()", 1, 1));
    }

    @Test
    void jarsAddedToTheClassPathAreUsableInLaterCode(@TempDir Path dir) {
        Path jar = TestJars.jar(dir, "jarred", "hello from a jar");
        shell.addToClasspath(jar.toString());
        assertEquals("hello from a jar", shell.eval("new jarred.Hello().greet()", 1, 1));
    }

    @Test
    void completionOffersMembersInTheSnippetUnderTheCursor() {
        String cell = "int first = 1;\nvar text = new StringBui";
        CellEvaluator.Completion c = shell.complete(cell, cell.length());
        assertTrue(c.options().contains("StringBuilder("), c.options().toString());
        assertEquals(cell.length() - "StringBui".length(), c.start());
        assertEquals(cell.length(), c.end());

        String call = "%jars lib/*.jar\n\"abc\".toUpperC";
        assertEquals(List.of("toUpperCase("), shell.complete(call, call.length()).options());
    }

    @Test
    void documentationFindsTheMethodUnderTheCursor() {
        String cell = "int m = Math.max(1, 2);";
        List<String> docs = shell.documentation(cell, cell.indexOf("max") + 1);
        assertTrue(docs.stream().anyMatch(d -> d.startsWith("int Math.max(int a, int b)")), docs.toString());
    }

    @Test
    void documentationWorksOnANameWithoutItsParenthesesAndReadsLikeJava() {
        shell.eval("int sq(int x) { return x * x; }\nimport org.safemerge.merge.*;", 1, 1);
        String cell = "var b = Recipe.builder";
        List<String> docs = shell.documentation(cell, cell.length());
        assertEquals("Recipe.Builder Recipe.builder(String mergeMethod)", docs.getFirst().lines().findFirst().get(),
                docs.toString());
        docs = shell.documentation("Recipe.builder(\"ties\")", 10);
        assertEquals("Recipe.Builder Recipe.builder(String mergeMethod)", docs.getFirst().lines().findFirst().get(),
                "inside the name, before its '(': " + docs);
        docs = shell.documentation("Merger.mergeInMemory", 20);
        assertEquals(2, docs.size(), docs.toString());
        assertTrue(docs.stream().allMatch(d -> d.contains("Merger.mergeInMemory(")), docs.toString());
        assertEquals(List.of("int sq(int x)"), shell.documentation("int nine = sq", 13));
        assertEquals(List.of("int sq(int x)"), shell.documentation("sq(3)", 1));
    }

    @Test
    void topLevelCodeAndItsLambdasAreNamedByCellAndLineOnly() {
        CellException e = assertThrows(CellException.class, () -> shell.eval(
                "int base = 2;\nvar list = java.util.List.of(1, 2);\nlist.forEach(i -> {\n  Integer.parseInt(\"x\" + i);\n});",
                6, 1));
        String all = String.join("\n", e.traceback());
        assertTrue(all.contains("    at cell 6, line 4"), all);
        assertTrue(all.contains("    at cell 6, line 3"), all);
        assertFalse(all.contains("do_it$"), all);
        assertFalse(all.contains("lambda$"), all);
        assertEquals("", CellErrors.userMethod("do_it$Aux"));
        assertEquals("", CellErrors.userMethod("do_it$"));
        assertEquals("", CellErrors.userMethod("lambda$do_it$0"));
        assertEquals("", CellErrors.userMethod("lambda$do_it$Aux$2"));
        assertEquals("divide", CellErrors.userMethod("lambda$divide$1"));
        assertEquals("divide", CellErrors.userMethod("divide"));
    }

    @Test
    void systemExitInACellIsAnErrorAndTheJvmGoesOn() {
        for (String exit : List.of("System.exit(3);", "Runtime.getRuntime().exit(3);", "int code = 3;\nif (code > 0) {\n  System.exit(code);\n}")) {
            CellException e = assertThrows(CellException.class, () -> shell.eval(exit, 8, 1));
            assertEquals("SystemExit", e.name());
            assertTrue(e.getMessage().matches("(System|Runtime)\\.exit\\(3\\) is not allowed in a notebook cell; restart the"
                    + " kernel instead"), e.getMessage());
            String all = String.join("\n", e.traceback());
            assertTrue(all.contains("at cell 8, line"), all);
            assertFalse(all.contains("CellExit"), all);
        }
        shell.eval("void quit() { System.exit(4); }", 9, 1);
        CellException e = assertThrows(CellException.class, () -> shell.eval("quit();", 10, 1));
        assertEquals("System.exit(4) is not allowed in a notebook cell; restart the kernel instead", e.getMessage());
        assertEquals(2, shell.eval("1 + 1", 11, 1));
    }

    @Test
    void readinessTellsCompleteFromUnfinishedCode() {
        assertEquals(CellEvaluator.Readiness.COMPLETE, shell.readiness("int r = 1;\nr + 1"));
        assertEquals(CellEvaluator.Readiness.INCOMPLETE, shell.readiness("for (int i = 0; i < 3; i++) {"));
        assertEquals(CellEvaluator.Readiness.COMPLETE, shell.readiness("%maven a:b:1\n// nothing else"));
    }
}
