package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safemerge.progress.ProgressFactory;

/** The kernel without Jupyter: cells with magics, start-up imports, renderers, completion. */
class SafeMergeKernelTest {
    @TempDir
    static Path dir;
    private static SafeMergeKernel kernel;

    @BeforeAll
    static void start() {
        kernel = SafeMergeKernel.create(dir);
        kernel.onStartup();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
        ProgressFactory.setCurrent(ProgressFactory.silent());
    }

    @Test
    void startupImportsTheCommonPackagesAndSkipsTheMissingOnes() {
        List<String> skipped = kernel.skippedImports();
        assertFalse(skipped.contains("tech.tablesaw.api.*"), skipped.toString());
        assertTrue(skipped.stream().allMatch(s -> s.startsWith("org.safemerge.")), skipped.toString());
        Object value = kernel.runCell("var t = Table.create(\"t\", IntColumn.create(\"a\", 1, 2));\nt", 1);
        assertEquals("tech.tablesaw.api.Table", value.getClass().getName());
        assertTrue(ProgressFactory.current() instanceof NotebookProgressFactory);
    }

    @Test
    void magicsAndCodeRunInOrderWithinACell() {
        Path jar = TestJars.jar(dir.resolve("k"), "inkernel", "from the kernel");
        Object value = kernel.runCell("String before = \"b\";\n%jars " + jar + "\nbefore + new inkernel.Hello().greet()",
                2);
        assertEquals("bfrom the kernel", value);
        assertNull(kernel.runCell("%jars " + jar, 3), "a magic has no value");
    }

    @Test
    void errorsInLaterChunksNameTheCellsOwnLine() {
        CellException e = assertThrows(CellException.class,
                () -> kernel.runCell("int ok = 1;\n%classpath " + dir + "\n\nint bad = \"no\";", 7));
        assertEquals("line 4: incompatible types: java.lang.String cannot be converted to int", e.getMessage());
    }

    @Test
    void rendersTablesAsHtmlAndImagesAsPngWithShortText() {
        DisplayData table = kernel.getRenderer().render(kernel.runCell(
                "Table.create(\"scores\", DoubleColumn.create(\"x\", 0.5))", 4));
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).contains("<table"), "html table");
        DisplayData image = kernel.getRenderer().render(kernel.runCell(
                "new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB)", 5));
        assertTrue(image.hasDataForType(MIMEType.IMAGE_PNG));
        assertEquals("image 4×3", image.getData(MIMEType.TEXT_PLAIN));
        DisplayData chart = kernel.getRenderer().render(kernel.runCell(
                "var c = new XYChartBuilder().width(200).height(100).build();\nc.addSeries(\"s\", new double[] {1, 2},"
                        + " new double[] {3, 4});\nc", 6));
        assertTrue(chart.hasDataForType(MIMEType.IMAGE_PNG));
    }

    @Test
    void completesJavaAndMagicNames() {
        ReplacementOptions magic = kernel.complete("int x = 1;\n%ma", "int x = 1;\n%ma".length());
        assertEquals(List.of("%maven"), magic.getReplacements());
        assertEquals(11, magic.getSourceStart());
        ReplacementOptions java = kernel.complete("Table.cre", 9);
        assertTrue(java.getReplacements().contains("create("), java.getReplacements().toString());
        assertEquals("complete", kernel.isComplete("1 + 1"));
        assertEquals("    ", kernel.isComplete("if (true) {"));
    }

    @Test
    void notebookSetupRecognisesTheKernelAndPrintsTheEnvironment() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            kernel.runCell("Notebook.setup();", 8);
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("SafeMerge \\S+ · Java 25\\S* · DJL 0\\.36\\.0, engine PyTorch 2\\.7\\.1 · device (cpu\\(\\)|gpu\\(\\d+\\)).*"),
                lines.get(0));
        assertEquals("renderers: built into the SafeMerge kernel", lines.get(1));
    }
}
