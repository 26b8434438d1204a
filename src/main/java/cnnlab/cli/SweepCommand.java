package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.config.ConfigLoader;
import cnnlab.config.Sweep;
import cnnlab.io.AtomicFiles;

/** {@code cnnlab sweep}: lists or writes out the configs a sweep file expands to. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Lists the configs a sweep expands to (index, name, values), or writes them to a folder with --out.",
                "Train one with: cnnlab train SWEEP --index N; all with: cnnlab train SWEEP."})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP", description = "A sweep file (has a top-level 'sweep' key).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each expanded config as DIR/<name>.yaml.")
    Path out;

    @Option(names = "--count", description = "Print only the number of configs (for a Slurm --array=0-(N-1)).")
    boolean count;

    @Override
    public Integer call() throws IOException {
        Path f = ConfigOptions.locate(file);
        if (!Sweep.isSweep(f)) {
            throw new UserError(f + ": not a sweep file (it has no top-level 'sweep' key)");
        }
        Sweep sweep = Sweep.load(f);
        var w = spec.commandLine().getOut();
        if (count) {
            w.println(sweep.members().size());
        } else {
            for (Sweep.Member m : sweep.members()) {
                w.printf("%3d  %-36s %s%n", m.index(), m.config().name, m.values());
                if (out != null) {
                    Files.createDirectories(out);
                    AtomicFiles.writeString(out.resolve(m.config().name + ".yaml"), ConfigLoader.toYaml(m.config()));
                }
            }
        }
        w.flush();
        return 0;
    }
}
