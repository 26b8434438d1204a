package cnnlab.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import cnnlab.io.UserInputException;

/**
 * The {@code cnnlab} command: entry point of the launcher script.
 *
 * <p>Exit codes: 0 success; 1 a check failed (an unexpected difference between DL4J and the
 * reference); 2 a user error (bad option, file or value), reported in one line; 3 training stopped
 * early by a signal, resumable; {@value #EXIT_INTERNAL} an internal error (a bug: the stack trace
 * follows the one-line message).
 */
@Command(name = "cnnlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep Learning in Medicine, Lab 4: convolution, pooling and LeNet on DL4J.",
        subcommands = {TrainCommand.class, InfoCommand.class, DoctorCommand.class, BenchCommand.class, SummaryCommand.class, EvaluateCommand.class, PredictCommand.class, RunsCommand.class,
                SweepCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of an unexpected internal error (a bug), as sysexits' EX_SOFTWARE. */
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (isUserError(ex)) {
                commandLine.getErr().println("cnnlab: " + ex.getMessage());
                commandLine.getErr().flush();
                return UserError.EXIT_CODE;
            }
            if (ex.getCause() instanceof OutOfMemoryError) {
                commandLine.getErr().println("cnnlab: out of Java heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                        + " MB); give the JVM more, e.g. CNNLAB_JAVA_OPTS=-Xmx4g ./cnnlab ...");
                commandLine.getErr().flush();
                return UserError.EXIT_CODE;
            }
            commandLine.getErr().println("cnnlab: internal error: " + ex + " (please report it with the trace below)");
            ex.printStackTrace(commandLine.getErr());
            commandLine.getErr().flush();
            return EXIT_INTERNAL;
        });
        cli.setParameterExceptionHandler((ex, given) -> {
            CommandLine failed = ex.getCommandLine();
            String message = ex.getCause() instanceof EnumValue.Invalid invalid ? invalid.getMessage() : ex.getMessage().split("\n")[0];
            failed.getErr().println("cnnlab: " + message + " (see: cnnlab "
                    + (failed.getCommandName().equals("cnnlab") ? "" : failed.getCommandName() + " ") + "--help)");
            failed.getErr().flush();
            return UserError.EXIT_CODE;
        });
        return cli.execute(args);
    }

    /** Errors in what the user gave: printed as one line, exit code 2. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof UserInputException;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cnnlab " + (v == null ? "development" : v) + " (DL4J 1.0.0-M2.1)"};
        }
    }
}
