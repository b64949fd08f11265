package org.safemerge.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.safemerge.model.Generation;
import org.safemerge.model.GenerationOptions;
import org.safemerge.model.LanguageModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code safemerge generate --model DIR (--prompt TEXT [--chat] | --tokens IDS) ...}. */
@Command(name = "generate", sortOptions = false,
        description = {"Continue a prompt (text, or token ids) and print the continuation.",
                "Example: safemerge generate --model datasets/tiny-world/zoo/tiny-instruct --prompt 'what is 2+3?' --chat"})
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** Text or token ids. */
    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "The prompt text.")
        String prompt;

        @Option(names = "--tokens", paramLabel = "IDS", description = "The prompt as comma-separated token ids.")
        String tokens;
    }

    @Option(names = "--chat", description = "Render --prompt as a user turn with the model's chat template.")
    boolean chat;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "64",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Greedy decoding (the default).")
    boolean greedy;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sample at this temperature (> 0); 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Nucleus sampling mass in (0, 1] (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default: 0).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the reply contains this (repeatable).")
    List<String> stops = List.of();

    @Option(names = "--print-ids", description = "Print the new token ids, comma-separated, as the last line.")
    boolean printIds;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (greedy && temperature > 0) {
            throw new IllegalArgumentException("--greedy and --temperature " + temperature + " contradict each other");
        }
        if (chat && input.prompt == null) {
            throw new IllegalArgumentException("--chat needs --prompt TEXT");
        }
        GenerationOptions o = GenerationOptions.sampling(maxNewTokens, temperature, topP, seed)
                .withStopStrings(stops);
        PrintWriter out = spec.commandLine().getOut();
        try (LanguageModel m = model.load(1)) {
            Generation g;
            if (input.tokens != null) {
                g = m.generate(List.of(ModelOptions.parseTokens(input.tokens)), o).get(0);
            } else if (chat) {
                g = m.generateChat(List.of(List.of(org.safemerge.text.ChatMessage.user(input.prompt))), o).get(0);
            } else {
                g = m.generateText(List.of(input.prompt), o).get(0);
            }
            String ids = IntStream.of(g.tokens()).mapToObj(Integer::toString).collect(Collectors.joining(","));
            if (m.tokenizer().isPresent()) {
                out.println(g.text());
            } else if (!printIds) {
                out.println(ids);          // no tokenizer: the ids are the only form of the continuation
            }
            if (printIds) {
                out.println(ids);
            }
        }
        out.flush();
        return SafeMergeCli.EXIT_OK;
    }
}
