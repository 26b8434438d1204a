package cnnlab.cli;

import java.io.IOException;
import java.nio.file.Path;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import cnnlab.train.TrainedModel;

/**
 * The options of every command that uses a trained model ({@code evaluate}, {@code predict},
 * {@code explain}), as one picocli mixin: the run directory (the first parameter) and {@code --model}.
 */
final class ModelChoice {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory under runs/.")
    Path run;

    @Option(names = "--model", paramLabel = "final|best|latest", defaultValue = "final", converter = EnumValue.Which.class,
            description = "Which model: final (model.zip), best (best validation accuracy) or latest checkpoint. Default: final.")
    TrainedModel.Which which;

    /** Loads the chosen model of the run. */
    TrainedModel load() throws IOException {
        return TrainedModel.load(run, which);
    }
}
