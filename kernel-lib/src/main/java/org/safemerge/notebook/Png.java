package org.safemerge.notebook;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Encodes pictures the way Jupyter wants them in an {@code image/png} output: PNG bytes in base64. */
public final class Png {
    private Png() {
    }

    /**
     * @param image any image (a {@code BufferedImage}, a chart rendered by XChart's {@code BitmapEncoder})
     * @return the PNG encoding
     * @throws IllegalArgumentException when ImageIO has no PNG writer for the image's colour model
     */
    public static byte[] encode(RenderedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalArgumentException("No PNG writer for an image of type " + image.getClass().getName()
                        + " (" + image.getColorModel() + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a PNG into memory failed", e);
        }
        return out.toByteArray();
    }

    /** @return {@link #encode} in base64, the form Jupyter's {@code image/png} outputs carry */
    public static String base64(RenderedImage image) {
        return Base64.getEncoder().encodeToString(encode(image));
    }
}
