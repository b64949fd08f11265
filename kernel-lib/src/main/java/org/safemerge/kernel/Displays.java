package org.safemerge.kernel;

/**
 * Where {@code display} output goes: the running kernel, which renders objects with its renderers and publishes
 * them to the cell being executed. Output sent while no cell runs is dropped.
 */
public interface Displays {
    /**
     * Shows an object below the running cell.
     *
     * @param value what to show (rendered like a cell's value)
     * @param mimeTypes the MIME types wanted; none means the object's preferred ones
     * @return the display's id, for {@link #update}
     */
    String display(Object value, String... mimeTypes);

    /**
     * Replaces what an earlier {@link #display} showed.
     *
     * @param id the id {@code display} returned
     * @param value the new content
     * @param mimeTypes the MIME types wanted; none means the object's preferred ones
     */
    void update(String id, Object value, String... mimeTypes);
}
