package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import cnnlab.report.ComparisonReport;
import cnnlab.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cnnlab report}: a run's report.html again, or one page comparing several runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes report.html in a run directory (every run writes one when it finishes), or, for several runs",
                "(e.g. a sweep), one page comparing them: test accuracy and AUC with 95%% intervals, runs within the noise of",
                "the best marked, curves and reliability diagrams. Pages are self-contained: open them in any browser."})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories.")
    List<Path> runs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html",
            description = "Where to write a comparison (default: comparison.html in the first run's parent folder).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")) {
            throw new UserError("--output must name an .html file, got " + output);
        }
        Path written;
        if (runs.size() == 1 && output == null) {
            written = RunReport.write(runs.get(0));
        } else {
            Path parent = runs.get(0).toAbsolutePath().normalize().getParent();
            written = ComparisonReport.write(runs, output != null ? output : parent.resolve("comparison.html"));
        }
        spec.commandLine().getOut().println("wrote " + written);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
