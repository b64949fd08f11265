package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class MimeBundleTest {
    static BufferedImage decode(String base64) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    @Test
    void tablesBecomeHtmlWithATextFallback() {
        Table t = Table.create("scores", StringColumn.create("model", "a<b", "c"), DoubleColumn.create("x", 0.5, 2));
        Map<String, String> bundle = MimeBundle.of(t);
        assertEquals(List.of("text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertTrue(bundle.get("text/html").contains("<td style=\"text-align:left\">a&lt;b</td>"), bundle.get("text/html"));
        assertTrue(bundle.get("text/plain").contains("a<b"), bundle.get("text/plain"));
    }

    @Test
    void chartsBecomePngsOfTheirSize() throws Exception {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("t").build();
        chart.addSeries("s", new double[] {0, 1}, new double[] {1, 0});
        Map<String, String> bundle = MimeBundle.of(chart);
        BufferedImage png = decode(bundle.get("image/png"));
        assertEquals(320, png.getWidth());
        assertEquals(200, png.getHeight());
        assertEquals("XYChart 't' (320×200)", bundle.get("text/plain"));
    }

    @Test
    void imagesBecomePngs() throws Exception {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        BufferedImage back = decode(MimeBundle.of(image).get("image/png"));
        assertEquals(0xff0000, back.getRGB(1, 1) & 0xffffff);
    }

    @Test
    void renderablesOfferEachMimeTheyHave() throws Exception {
        Renderable textOnly = () -> "just text";
        assertEquals(Map.of("text/plain", "just text"), MimeBundle.of(textOnly));

        Renderable rich = new Renderable() {
            @Override
            public String toText() {
                return "rich";
            }

            @Override
            public String toHtml() {
                return "<b>rich</b>";
            }

            @Override
            public RenderedImage toImage() {
                return new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
            }
        };
        Map<String, String> bundle = MimeBundle.of(rich);
        assertEquals(List.of("image/png", "text/html", "text/plain"), List.copyOf(bundle.keySet()));
        assertEquals(5, decode(bundle.get("image/png")).getWidth());
        assertEquals("<b>rich</b>", bundle.get("text/html"));
    }

    @Test
    void otherObjectsHaveNoRichOutput() {
        assertEquals(Map.of(), MimeBundle.of("a string"));
        assertEquals(Map.of(), MimeBundle.of(null));
        assertEquals(List.of("text/plain"), MimeBundle.mimeTypes(String.class));
        assertEquals(List.of("text/html", "text/plain"), MimeBundle.mimeTypes(Table.class));
    }

    @Test
    void longTablesAreCutAndSaySo() {
        Table t = Table.create("long", DoubleColumn.create("i", new double[HtmlTable.MAX_ROWS + 7]));
        String html = HtmlTable.of(t);
        assertEquals(HtmlTable.MAX_ROWS + 2, html.split("<tr>", -1).length - 1, "header + rows + the 'more' row");
        assertTrue(html.contains("… 7 more rows"), html);
        assertTrue(html.contains("long: 57 rows × 1 column"), html);
        assertNotNull(HtmlTable.escape(null));
    }
}
