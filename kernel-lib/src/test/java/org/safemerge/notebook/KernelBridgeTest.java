package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Registration by reflection, against a renderer of the IJava-family API (JJava's; IJava's has the same methods),
 * without a running kernel.
 */
class KernelBridgeTest {
    record Result(String name) implements Renderable {
        @Override
        public String toText() {
            return "result " + name;
        }

        @Override
        public String toHtml() {
            return "<i>" + name + "</i>";
        }

        @Override
        public RenderedImage toImage() {
            return new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        }
    }

    @Test
    void registersTablesChartsAndResultsInAForeignRenderer() {
        Renderer renderer = new Renderer();
        assertEquals("registered tables, charts and results", KernelBridge.register(renderer));

        DisplayData table = renderer.render(Table.create("t", IntColumn.create("a", 1, 2)));
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_HTML)).startsWith("<table"), "html");
        assertTrue(String.valueOf(table.getData(MIMEType.TEXT_PLAIN)).contains(" a  |"), "text fallback");

        DisplayData result = renderer.render(new Result("r1"));
        assertEquals("<i>r1</i>", result.getData(MIMEType.TEXT_HTML));
        assertEquals("result r1", result.getData(MIMEType.TEXT_PLAIN));
        assertTrue(result.hasDataForType(MIMEType.IMAGE_PNG));

        assertEquals("already registered", KernelBridge.register(renderer));
    }

    @Test
    void anObjectWithoutTheRendererApiIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelBridge.register("no"));
        assertTrue(e.getMessage().startsWith("Could not register SafeMerge's renderers in java.lang.String"),
                e.getMessage());
    }

    @Test
    void outsideAKernelItSaysSo() {
        assertEquals("renderers: no IJava-family kernel found, tables and charts will show as text",
                KernelBridge.registerInRunningKernel());
    }
}
