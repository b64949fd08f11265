package org.safemerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {
    /**
     * picocli formats every description as a format string and, when one does not parse (a bare {@code %}), prints a
     * warning on stderr and the raw text: each command's help must render without one.
     */
    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        collect(SafeMergeCli.commandLine(), commands);
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (CommandLine c : commands) {
                String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertFalse(usage.isBlank(), c.getCommandName());
            }
        } finally {
            System.setErr(stderr);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }
}
