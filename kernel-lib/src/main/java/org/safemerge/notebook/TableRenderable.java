package org.safemerge.notebook;

import tech.tablesaw.api.Table;

/**
 * A {@link Renderable} whose content is one Tablesaw table: its text and HTML forms are the table's; implementations
 * add a picture by overriding {@link #toImage()}.
 */
public interface TableRenderable extends Renderable {
    /** @return the result as a table */
    Table table();

    @Override
    default String toText() {
        return table().print();
    }

    @Override
    default String toHtml() {
        return HtmlTable.of(table());
    }
}
