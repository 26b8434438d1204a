package cnnlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import cnnlab.config.ExperimentConfig;
import cnnlab.model.ModelSummary;
import cnnlab.model.NetworkFactory;
import cnnlab.runtime.Backend;
import cnnlab.train.TrainingData;

/** {@code cnnlab summary}: the layer table of a config's network. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Prints each layer's output shape and parameter count, and the total, for a config's network.",
                "For a MedMNIST dataset the input channels, classes and output layer are the dataset's (from its published facts)."})
public final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        Backend.start();   // a backend that cannot run here is one line, before any work
        Path file = config.file(Path.of("configs/default.yaml"));
        ExperimentConfig c = TrainingData.withKnownShape(config.load(file));
        MultiLayerNetwork net = NetworkFactory.create(c, TrainingData.knownHead(c));
        var input = NetworkFactory.inputType(c.model);
        spec.commandLine().getOut().println(c.name + " (" + file + ")");
        spec.commandLine().getOut().print(ModelSummary.of(net, input).render(input));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
