package org.safemerge.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPartsTest {
    @Test
    void magicsSplitTheCellIntoPartsThatKeepTheirLines() {
        String cell = "int a = 1;\n%jars lib/*.jar  \"dir with space/x.jar\"\nint b = 2;\n  %maven g:a:1\n\nb";
        List<CellParts.Part> parts = CellParts.split(cell);
        assertEquals(List.of(
                new CellParts.Code("int a = 1;\n", 0, 1),
                new CellParts.Magic("jars", List.of("lib/*.jar", "dir with space/x.jar"), 2),
                new CellParts.Code("int b = 2;\n", cell.indexOf("int b"), 3),
                new CellParts.Magic("maven", List.of("g:a:1"), 4),
                new CellParts.Code("\nb", cell.indexOf("\nb"), 5)), parts);
    }

    @Test
    void aCellWithoutMagicsIsOneChunkAndBlankChunksAreDropped() {
        assertEquals(List.of(new CellParts.Code("x + 1", 0, 1)), CellParts.split("x + 1"));
        assertEquals(List.of(new CellParts.Magic("classpath", List.of("a:b"), 1)), CellParts.split("%classpath a:b\n"));
        assertEquals(List.of(), CellParts.split("  \n\n"));
    }

    @Test
    void percentInsideJavaIsNotAMagic() {
        assertFalse(CellParts.isMagic("int r = 7 % 3;"));
        assertFalse(CellParts.isMagic("%"));
        assertFalse(CellParts.isMagic("%3"));
        assertTrue(CellParts.isMagic("   %jars x.jar"));
        assertTrue(CellParts.isMagic("%%time"));
        assertEquals(List.of(new CellParts.Magic("%time", List.of(), 1)), CellParts.split("%%time"));
        assertEquals(1, CellParts.split("int r = 7\n% 3;").size(), "'% 3' continues an expression");
    }

    @Test
    void withoutMagicsBlanksMagicLinesKeepingPositions() {
        String cell = "%jars a.jar\nint x = 1;";
        String java = CellParts.withoutMagics(cell);
        assertEquals(cell.length(), java.length());
        assertEquals("           \nint x = 1;", java);
    }

    @Test
    void wordsHonourQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d\"e"), CellParts.words(" a \"b c\"  d\\\"e "));
        assertEquals(List.of(), CellParts.words("   "));
    }
}
