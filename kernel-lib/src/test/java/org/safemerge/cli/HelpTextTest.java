package org.safemerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.safemerge.testing.ZooFixture;
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

    /** A help text's example that names a shipped file names one that is there. */
    @Test
    void everyExampleFileAHelpTextNamesIsShipped() {
        List<CommandLine> commands = new ArrayList<>();
        collect(SafeMergeCli.commandLine(), commands);
        Path root = ZooFixture.root();
        Pattern shipped = Pattern.compile("\\b(?:examples|datasets|notebooks)/[\\w./+-]*\\w");
        int named = 0;
        for (CommandLine c : commands) {
            Matcher m = shipped.matcher(c.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " "));
            while (m.find()) {
                named++;
                assertTrue(Files.exists(root.resolve(m.group())), c.getCommandName() + "'s help names " + m.group()
                        + ", which is not in the repository");
            }
        }
        assertTrue(named >= 2, "the merge and screen examples name shipped recipes");
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, out));
    }
}
