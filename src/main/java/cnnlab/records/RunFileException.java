package cnnlab.records;

import java.nio.file.Path;

import cnnlab.io.UserInputException;

/** A run file that cannot be read as the record it should hold: a user error, reported as one line naming the file. */
public class RunFileException extends UserInputException {

    private final Path file;
    private final String reason;

    /**
     * @param file the file
     * @param what what it should have been, e.g. {@code not a readable RunInfo file}
     * @param reason why it is not, in one line (the JSON reader's message)
     */
    public RunFileException(Path file, String what, String reason) {
        super(file + ": " + what + " (" + reason + ")");
        this.file = file;
        this.reason = reason;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** Why it could not be read, in one line. */
    public String reason() {
        return reason;
    }
}
