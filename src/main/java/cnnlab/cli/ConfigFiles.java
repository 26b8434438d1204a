package cnnlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;

/** Finds config files and applies {@code --set} overrides, for the commands that take a config. */
final class ConfigFiles {

    private ConfigFiles() {
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

    /** Loads a config file with {@code key=value} overrides applied to what the file says, before validation. */
    static ExperimentConfig load(Path file, List<String> overrides) {
        return ConfigLoader.load(file, overrides);
    }
}
