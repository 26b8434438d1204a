package cnnlab.cli;

import java.io.IOException;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.records.Environment;
import cnnlab.records.RunJson;
import cnnlab.runtime.EnvironmentInfo;

/** {@code cnnlab info}: the backend, devices, native settings and versions, as every run records them. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Prints what this build runs on: backend (cpu or cuda), devices (GPU name and memory with CUDA), BLAS vendor,",
                "OpenMP threads, DL4J's workspace mode, versions, and the Slurm job if any; every run saves the same in environment.json."},
        footer = {"", "Exit codes: 0; 2 when the build's backend cannot start here (for example the CUDA build on a machine without a GPU)."})
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the facts as JSON (the format of environment.json).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Environment env = EnvironmentInfo.collect();
        var out = spec.commandLine().getOut();
        out.print(json ? RunJson.toJson(env) + System.lineSeparator() : EnvironmentInfo.describe(env));
        out.flush();
        String problem = env.backendError();
        if (problem != null) {
            spec.commandLine().getErr().println("cnnlab: " + problem);
            spec.commandLine().getErr().flush();
            return UserError.EXIT_CODE;
        }
        return 0;
    }
}
