package org.safemerge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.safemerge.io.Npy;
import org.safemerge.model.LanguageModel;
import org.safemerge.tensor.FloatTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code safemerge forward --model DIR --tokens 3,17,42 --out LOGITS.npy}. */
@Command(name = "forward", sortOptions = false,
        description = {"Run the model on token ids and write the logits at every position as a float32 .npy of"
                + " shape [T, vocab].",
                "Example: safemerge forward --model datasets/pico-llama --tokens 1,5,9 --out logits.npy"})
public final class ForwardCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--tokens", required = true, paramLabel = "IDS", description = "Comma-separated token ids.")
    String tokens;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .npy file to write.")
    Path out;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int[] ids = ModelOptions.parseTokens(tokens);
        PrintWriter stdout = spec.commandLine().getOut();
        try (LanguageModel m = model.load(1)) {
            FloatTensor logits = m.logits(ids);
            Npy.write(out, logits);
            stdout.printf("wrote logits %s (float32) to %s%n", logits.shapeString(), out);
        }
        stdout.flush();
        return SafeMergeCli.EXIT_OK;
    }
}
