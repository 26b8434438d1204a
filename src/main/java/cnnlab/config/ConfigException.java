package cnnlab.config;

import java.nio.file.Path;

import cnnlab.io.UserInputException;

/**
 * A config file that cannot be used: one line naming the file, the field (as a path such as
 * {@code training.batchSize} or {@code model.layers[2].kernel}) and what was expected.
 */
public class ConfigException extends UserInputException {

    private final transient Path file;
    private final String field;

    public ConfigException(Path file, String field, String problem) {
        super(file + (field == null || field.isEmpty() ? "" : ": " + field) + ": " + problem);
        this.file = file;
        this.field = field;
    }

    /** The config file. */
    public Path file() {
        return file;
    }

    /** The field path, or empty for the file as a whole. */
    public String field() {
        return field;
    }
}
