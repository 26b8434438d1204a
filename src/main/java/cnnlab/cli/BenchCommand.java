package cnnlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.bench.Benchmark;
import cnnlab.config.ExperimentConfig;

/**
 * {@code cnnlab bench}: one timed run of the DL4J side of {@code bench/run} (training, then
 * inference over the test set), printed as one line of JSON. {@code bench/run} runs it against
 * PyTorch; on its own it tells how fast a config trains here.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times training and inference of a config's network; prints one JSON line (see bench/README.md).")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up minibatches on a throwaway network before timing (default: ${DEFAULT-VALUE}).")
    int warmup = 30;

    @Option(names = "--label", description = "A label copied into the JSON line.")
    String label = "";

    @Override
    public Integer call() {
        Path file = config.file(Path.of("configs/bench-lenet.yaml"));
        ExperimentConfig c = config.load(file);
        Benchmark.Result r = Benchmark.run(c, warmup);
        spec.commandLine().getOut().println(Benchmark.toJson(r, label));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
