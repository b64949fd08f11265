package org.safemerge.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class HtmlTableTest {
    @Test
    void floatingPointCellsShowFourSignificantDigits() {
        assertEquals("99.29", HtmlTable.number(99.28571428571429));
        assertEquals("0.0002157", HtmlTable.number(0.00021567768059621863));
        assertEquals("25", HtmlTable.number(25.0));
        assertEquals("-0.6", HtmlTable.number(-0.6000000238418579));
        assertEquals("0", HtmlTable.number(0.0));
        assertEquals("827552", HtmlTable.number(827552.0));
        assertEquals("NaN", HtmlTable.number(Double.NaN));
        String html = HtmlTable.of(Table.create("scores", DoubleColumn.create("alignment", 99.28571428571429, Double.NaN),
                LongColumn.create("bytes", 123456789L, 1L)));
        assertTrue(html.contains("<td style=\"text-align:right\">99.29</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">123456789</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\"></td>"), "a missing value stays empty: " + html);
    }
}
