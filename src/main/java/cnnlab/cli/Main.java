package cnnlab.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cnnlab} command: entry point of the launcher script.
 *
 * <p>Exit codes: 0 success; 1 a check failed (for example an unexpected difference between DL4J and
 * the reference); 2 a user error (bad option, file or value), reported in one line.
 */
@Command(name = "cnnlab", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Deep Learning in Medicine, Lab 4: convolution, pooling and LeNet on DL4J.",
        subcommands = {TrainCommand.class, BenchCommand.class, SummaryCommand.class, EvaluateCommand.class, PredictCommand.class, RunsCommand.class,
                SweepCommand.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

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
            throw ex;
        });
        return cli.execute(args);
    }

    /** Errors in what the user gave: printed as one line, exit code 2. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof cnnlab.config.ConfigException || ex instanceof cnnlab.data.DataFileException
                || ex instanceof cnnlab.data.UnknownDatasetException || ex instanceof cnnlab.train.CheckpointException
                || ex instanceof cnnlab.train.RuntimeSettings.BackendMismatchException || ex instanceof cnnlab.verify.GridFormatException;
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
