package org.safemerge.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.safemerge.SafeMerge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code safemerge} command: a picocli root with one thin class per subcommand over the library API.
 *
 * <p>Exit codes: 0 ok; 2 the user's fault (bad option, bad input file or recipe: the message only); 1 anything
 * unexpected (the message; the stack trace with {@code --verbose}).
 */
@Command(name = "safemerge", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = SafeMergeCli.Version.class,
        description = "Merge LLMs without losing their safety.%n",
        subcommands = {InspectCommand.class, MergeCommand.class, ForwardCommand.class, GenerateCommand.class,
                ScoreCommand.class, SearchCommand.class, SynthCommand.class, EvalCommand.class,
                ScreenCommand.class, ZooCommand.class, ReproduceCommand.class, KernelCommand.class,
                CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands (run 'safemerge COMMAND --help' for a command's options):%n")
public final class SafeMergeCli {
    public static final int EXIT_OK = 0;
    public static final int EXIT_UNEXPECTED = 1;
    public static final int EXIT_USER_ERROR = 2;

    private SafeMergeCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting the JVM (for tests and the kernel). */
    public static int run(String... args) {
        SafeMerge.configureOffline();
        return commandLine().execute(args);
    }

    /** @return the configured picocli command line */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SafeMergeCli());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("safemerge: " + ex.getMessage());
            err.println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return EXIT_USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean verbose = parseResult.expandedArgs().contains("--verbose");
            if (isUserError(ex)) {
                err.println("safemerge: " + message(ex));
                if (verbose) {
                    ex.printStackTrace(err);
                }
                return EXIT_USER_ERROR;
            }
            err.println("safemerge: unexpected error: " + message(ex));
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("(run again with --verbose for the stack trace)");
            }
            return EXIT_UNEXPECTED;
        });
        return cl;
    }

    /** Bad options, bad input files and bad recipes are the user's to fix; everything else is ours. */
    static boolean isUserError(Throwable ex) {
        if (ex instanceof IllegalArgumentException || ex instanceof CommandLine.ParameterException) {
            return true;
        }
        if (ex instanceof UncheckedIOException u) {
            return u.getCause() instanceof NoSuchFileException || u.getCause() instanceof AccessDeniedException;
        }
        return ex instanceof NoSuchFileException || ex instanceof AccessDeniedException;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    /** Reports the library version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"safemerge " + SafeMerge.version(), "Java " + Runtime.version()};
        }
    }
}
