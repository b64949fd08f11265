package org.safemerge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.safemerge.kernel.KernelSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code safemerge kernel install|remove}: the Jupyter kernelspec of the SafeMerge kernel. */
@Command(name = "kernel", description = "Install or remove the SafeMerge Jupyter kernel (kernelspec 'safemerge').",
        subcommands = {KernelCommand.Install.class, KernelCommand.Remove.class})
public final class KernelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return SafeMergeCli.EXIT_USER_ERROR;
    }

    /** Where the kernelspec goes: the user's Jupyter directory (default) or an installation prefix. */
    static final class Target {
        @Option(names = "--user", description = "The user's Jupyter kernels (default): $JUPYTER_DATA_DIR/kernels or"
                + " ~/.local/share/jupyter/kernels.")
        boolean user;

        @Option(names = "--prefix", paramLabel = "DIR", description = "DIR/share/jupyter/kernels; use it with"
                + " JUPYTER_PATH=DIR/share/jupyter.")
        Path prefix;

        static Path kernels(Target target) {
            return target == null || target.prefix == null ? KernelSpec.userKernels()
                    : KernelSpec.prefixKernels(target.prefix);
        }
    }

    /** {@code safemerge kernel install [--user | --prefix DIR] [--jar JAR]}. */
    @Command(name = "install", sortOptions = false,
            description = {"Write the kernelspec 'safemerge' (display name \"" + KernelSpec.DISPLAY_NAME + "\"):"
                    + " JDK 25 running kernel-lib.jar and lib/*, DJL offline, interrupts as messages.",
                    "Example: safemerge kernel install && jupyter notebook"})
    static final class Install implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Target target;

        @Option(names = "--jar", paramLabel = "JAR", description = "The kernel-lib.jar to run, with its lib/ beside"
                + " it (default: the jar running this command).")
        Path jar;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            KernelSpec kernelSpec = jar == null ? KernelSpec.forRunningJar() : KernelSpec.forJar(jar);
            Path dir = kernelSpec.installInto(Target.kernels(target));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Installed kernelspec '" + KernelSpec.NAME + "' in " + dir);
            out.println("  java: " + kernelSpec.java());
            out.println("  jars: " + kernelSpec.kernelJar() + " and " + kernelSpec.libDirectory() + "/*");
            if (target != null && target.prefix != null) {
                out.println("Jupyter finds it with JUPYTER_PATH=" + dir.getParent().getParent());
            }
            out.println("Start Jupyter with 'jupyter notebook' and pick \"" + KernelSpec.DISPLAY_NAME + "\".");
            out.flush();
            return SafeMergeCli.EXIT_OK;
        }
    }

    /** {@code safemerge kernel remove [--user | --prefix DIR]}. */
    @Command(name = "remove", description = "Delete the kernelspec 'safemerge'.")
    static final class Remove implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Target target;

        @Mixin
        VerboseOption verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path kernels = Target.kernels(target);
            if (!KernelSpec.removeFrom(kernels)) {
                throw new IllegalArgumentException("No kernelspec '" + KernelSpec.NAME + "' in " + kernels);
            }
            spec.commandLine().getOut().println("Removed kernelspec '" + KernelSpec.NAME + "' from " + kernels);
            spec.commandLine().getOut().flush();
            return SafeMergeCli.EXIT_OK;
        }
    }
}
