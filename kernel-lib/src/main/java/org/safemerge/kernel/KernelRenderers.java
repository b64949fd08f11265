package org.safemerge.kernel;

import java.awt.image.RenderedImage;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.safemerge.notebook.MimeBundle;

/**
 * Registers the rich outputs of {@link MimeBundle} (tables, charts, {@code Renderable} results) in the kernel's
 * renderer. The base library renders {@code RenderedImage} as PNG already; only its text fallback is replaced
 * ("image 640×320" instead of the raster's {@code toString()}).
 */
final class KernelRenderers {
    private KernelRenderers() {
    }

    static void register(Renderer renderer) {
        for (Class<?> type : MimeBundle.RICH_TYPES) {
            if (type != RenderedImage.class) {
                add(renderer, type);
            }
        }
        renderer.createRegistration(RenderedImage.class)
                .preferring(MimeBundle.TEXT)
                .register((image, context) -> context.getOutputContainer()
                        .putData(MimeBundle.TEXT, "image " + image.getWidth() + "×" + image.getHeight()));
    }

    private static <T> void add(Renderer renderer, Class<T> type) {
        renderer.createRegistration(type)
                .preferring(MimeBundle.mimeTypes(type).toArray(String[]::new))
                .register((value, context) -> MimeBundle.of(value)
                        .forEach((mime, data) -> context.getOutputContainer().putData(mime, data)));
    }
}
