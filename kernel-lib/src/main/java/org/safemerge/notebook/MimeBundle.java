package org.safemerge.notebook;

import java.awt.image.RenderedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.table.Relation;

/**
 * The rich outputs of the types a SafeMerge notebook shows, as Jupyter MIME bundles (MIME type to data; images in
 * base64). Kernels register one renderer per type in {@link #RICH_TYPES} that copies this bundle into their output.
 *
 * <ul>
 *   <li>{@link RenderedImage}: {@code image/png}</li>
 *   <li>XChart charts ({@link Chart}): {@code image/png}, rendered at the chart's size</li>
 *   <li>Tablesaw tables ({@link Relation}): {@code text/html} ({@link HtmlTable}) and a {@code text/plain}
 *       fallback</li>
 *   <li>{@link Renderable}: {@code text/plain}, plus {@code text/html}, {@code text/markdown} and {@code image/png}
 *       when offered</li>
 * </ul>
 */
public final class MimeBundle {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String PNG = "image/png";
    public static final String MARKDOWN = "text/markdown";

    /** The types with rich output, most specific first; a renderer registered for each covers their subtypes. */
    public static final List<Class<?>> RICH_TYPES = List.of(Renderable.class, Relation.class, Chart.class,
            RenderedImage.class);

    private MimeBundle() {
    }

    /**
     * @param value any object, may be null
     * @return MIME type to data for a rich type, in preference order (the richest first, {@code text/plain} last);
     *         an empty map for other objects, which kernels show with {@code toString()}
     */
    public static Map<String, String> of(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        switch (value) {
            case Renderable r -> {
                String html = r.toHtml();
                RenderedImage image = r.toImage();
                if (image != null) {
                    bundle.put(PNG, Png.base64(image));
                }
                if (html != null) {
                    bundle.put(HTML, html);
                }
                String markdown = r.toMarkdown();
                if (markdown != null) {
                    bundle.put(MARKDOWN, markdown);
                }
                bundle.put(TEXT, r.toText());
            }
            case Relation table -> {
                bundle.put(HTML, HtmlTable.of(table));
                bundle.put(TEXT, HtmlTable.text(table));
            }
            case Chart<?, ?> chart -> {
                bundle.put(PNG, Png.base64(BitmapEncoder.getBufferedImage(chart)));
                bundle.put(TEXT, chartText(chart));
            }
            case RenderedImage image -> {
                bundle.put(PNG, Png.base64(image));
                bundle.put(TEXT, "image " + image.getWidth() + "×" + image.getHeight());
            }
            case null, default -> {
            }
        }
        return bundle;
    }

    /** @return the MIME types {@link #of} can produce for instances of {@code type}, richest first */
    public static List<String> mimeTypes(Class<?> type) {
        if (Renderable.class.isAssignableFrom(type)) {
            return List.of(PNG, HTML, MARKDOWN, TEXT);
        }
        if (Relation.class.isAssignableFrom(type)) {
            return List.of(HTML, TEXT);
        }
        if (Chart.class.isAssignableFrom(type) || RenderedImage.class.isAssignableFrom(type)) {
            return List.of(PNG, TEXT);
        }
        return List.of(TEXT);
    }

    private static String chartText(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "×" + chart.getHeight() + ")";
    }
}
