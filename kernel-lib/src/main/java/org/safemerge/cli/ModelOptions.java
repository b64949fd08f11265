package org.safemerge.cli;

import java.nio.file.Path;
import org.safemerge.model.DeviceChoice;
import org.safemerge.model.LanguageModel;
import org.safemerge.model.RuntimeOptions;
import picocli.CommandLine.Option;

/** {@code --model DIR --device auto|cpu|gpu}: the options every command that runs a model takes. */
public final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "A Hugging Face model directory (config.json, *.safetensors, tokenizer files).")
    Path model;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "auto",
            description = "auto (a GPU when DJL finds one), cpu or gpu (default: ${DEFAULT-VALUE}).")
    DeviceChoice device;

    /** @return the loaded model (close it) */
    LanguageModel load(int batchSize) {
        return LanguageModel.load(model, RuntimeOptions.DEFAULT.withDevice(device).withBatchSize(batchSize));
    }

    /**
     * @return token ids parsed from "3,17,42"
     * @throws IllegalArgumentException naming the bad item
     */
    static int[] parseTokens(String text) {
        String[] parts = text.split(",", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tokens: '" + parts[i] + "' is not a token id; expected"
                        + " comma-separated integers such as 3,17,42");
            }
        }
        return ids;
    }
}
