package org.safemerge.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One headless execution of a notebook: how it ended, and the executed notebook's outputs when it succeeded.
 *
 * @param notebook the notebook run
 * @param process the nbconvert process
 * @param executed the executed notebook (null when the run failed)
 */
record NotebookRun(Path notebook, Jupyter.Result process, JsonNode executed) {
    private static final String CELL_ERROR = "An error occurred while executing the following cell:";

    boolean succeeded() {
        return process.status() == 0 && !process.timedOut() && executed != null;
    }

    /** @return why it failed, as one message: the failing cell's source and error, or the timeout, or the log */
    String failure() {
        String name = notebook.getFileName().toString();
        if (process.timedOut()) {
            return name + " ran over its limit of " + process.elapsed().toSeconds() + " s and was stopped";
        }
        String log = Jupyter.plain(process.log());
        int at = log.indexOf(CELL_ERROR);
        if (at >= 0) {
            return name + ": a cell failed.\n" + log.substring(at).strip();
        }
        return name + ": nbconvert exited with status " + process.status() + "\n" + log.strip();
    }

    /** @return every output of every code cell, in order */
    List<JsonNode> outputs() {
        List<JsonNode> outputs = new ArrayList<>();
        for (JsonNode cell : executed.path("cells")) {
            cell.path("outputs").forEach(outputs::add);
        }
        return outputs;
    }

    /** @return the data of every output for {@code mime} (text joined from its lines) */
    List<String> data(String mime) {
        List<String> data = new ArrayList<>();
        for (JsonNode o : outputs()) {
            JsonNode d = o.path("data").path(mime);
            if (!d.isMissingNode()) {
                data.add(text(d));
            }
        }
        return data;
    }

    /** @return all text a reader sees: stream output and {@code text/plain} data */
    String allText() {
        StringBuilder s = new StringBuilder();
        for (JsonNode o : outputs()) {
            if (o.has("text")) {
                s.append(text(o.get("text"))).append('\n');
            }
            JsonNode plain = o.path("data").path("text/plain");
            if (!plain.isMissingNode()) {
                s.append(text(plain)).append('\n');
            }
        }
        return s.toString();
    }

    static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder s = new StringBuilder();
            node.forEach(line -> s.append(line.asText()));
            return s.toString();
        }
        return node.asText();
    }
}
