package org.safemerge.it;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.safemerge.SafeMerge;
import org.safemerge.cli.SafeMergeCli;

/** Runs the CLI in-process with captured output, as a user's shell would see it. */
public final class Cli {
    private Cli() {
    }

    /**
     * The outcome of one CLI run.
     *
     * @param exitCode the process exit code the CLI would return
     * @param out      standard output
     * @param err      standard error
     */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs {@code safemerge args...}. */
    public static Result run(String... args) {
        SafeMerge.configureOffline();
        CommandLine cl = SafeMergeCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
