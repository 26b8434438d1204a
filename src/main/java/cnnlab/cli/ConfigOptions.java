package cnnlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;

/**
 * The options of every command that takes a config ({@code train}, {@code summary}, {@code bench}),
 * as one picocli mixin: the CONFIG file and its {@code --set key=value} overrides.
 */
final class ConfigOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG",
            description = {"A config file; train also takes a sweep file. Default: configs/default.yaml",
                    "(bench: configs/bench-lenet.yaml; train --resume: the run's own config.yaml)."})
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config value, e.g. --set training.epochs=2 (repeatable).")
    List<String> overrides = new ArrayList<>();

    /** The CONFIG given, or {@code defaultFile}, found as {@link #locate} finds files. */
    Path file(Path defaultFile) {
        return locate(config != null ? config : defaultFile);
    }

    /** Loads {@code file} with the {@code --set} overrides applied to what the file says, before validation. */
    ExperimentConfig load(Path file) {
        return ConfigLoader.load(file, overrides);
    }

    /** {@code path} as given, or relative to the cnnlab folder when it is not found from the current one. */
    static Path locate(Path path) {
        if (Files.exists(path) || path.isAbsolute()) {
            return path;
        }
        Path home = Path.of(System.getProperty("cnnlab.home", "."));
        Path there = home.resolve(path);
        return Files.exists(there) ? there : path;
    }
}
