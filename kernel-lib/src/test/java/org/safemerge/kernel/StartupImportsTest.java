package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupImportsTest {
    @Test
    void defaultsCoverTheLibraryTablesChartsFilesAndCollections() {
        List<String> imports = StartupImports.resolve(null);
        assertTrue(imports.containsAll(List.of("org.safemerge.*", "org.safemerge.io.*", "org.safemerge.merge.*",
                "org.safemerge.notebook.*", "tech.tablesaw.api.*", "org.knowm.xchart.*", "java.nio.file.*",
                "java.util.*")), imports.toString());
        assertEquals(StartupImports.DISPLAY, imports.getLast());
    }

    @Test
    void aValueReplacesTheDefaultsAndAPlusAddsToThem() {
        assertEquals(List.of("java.time.*", "static java.lang.Math.*", StartupImports.DISPLAY),
                StartupImports.resolve("java.time.*, import static java.lang.Math.*;"));
        List<String> added = new ArrayList<>(StartupImports.DEFAULTS);
        added.add("java.time.*");
        added.add(StartupImports.DISPLAY);
        assertEquals(added, StartupImports.resolve("+java.time.*,java.util.*"));
    }

    @Test
    void everyDefaultThatExistsImportsAndTheOthersAreSkipped() {
        try (CellEvaluator shell = new CellEvaluator()) {
            List<String> skipped = new ArrayList<>();
            for (String entry : StartupImports.resolve(null)) {
                if (!shell.tryImport(StartupImports.declaration(entry))) {
                    skipped.add(entry);
                }
            }
            for (String present : List.of("org.safemerge.*", "org.safemerge.io.*", "org.safemerge.notebook.*",
                    "tech.tablesaw.api.*", "org.knowm.xchart.*", "java.util.*", StartupImports.DISPLAY)) {
                assertTrue(!skipped.contains(present), present + " was skipped: " + skipped);
            }
            assertTrue(skipped.stream().allMatch(s -> s.startsWith("org.safemerge.")), skipped.toString());
            assertEquals("tech.tablesaw.api.Table", shell.eval("Table.create(\"t\")", 1, 1).getClass().getName());
        }
    }
}
