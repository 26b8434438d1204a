package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.train.RunTable;

/** {@code cnnlab runs}: a table of the runs in a folder, to compare a sweep at a glance. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists the runs under a folder: status, epochs, best validation and test accuracy, time, config.")
public final class RunsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder of run directories (default: runs).")
    Path dir = Path.of("runs");

    @Option(names = "--format", paramLabel = "table|csv|markdown", defaultValue = "table", converter = EnumValue.RunsFormat.class,
            description = "Output format (default: table).")
    RunTable.Format format;

    @Override
    public Integer call() throws IOException {
        List<RunTable.Row> rows = RunTable.read(dir);
        String text = format.render(rows);
        if (rows.isEmpty() && format == RunTable.Format.TABLE) {
            spec.commandLine().getErr().println("cnnlab: no runs under " + dir);
        }
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
