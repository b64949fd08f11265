package org.safemerge.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} flag every subcommand takes (read by the root's error handler). */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
