package cnnlab.data;

import java.nio.file.Path;
import java.util.Objects;

import cnnlab.io.UserInputException;

/**
 * A data file that cannot be used as it is: missing, not the expected kind, truncated, corrupt. It
 * is the user's to fix (download again, pass another directory), so the message is one line that
 * names the file and says what was expected and what was found, for example
 * {@code data/x/train-images-idx3-ubyte.gz: truncated: header says 60000 images of 28x28 (47040016
 * bytes) but the file holds 1234 bytes}.
 */
public class DataFileException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the file (or directory) at fault, as the user named it
     * @param problem what is wrong; line breaks are replaced by spaces to keep the message one line
     */
    public DataFileException(Path file, String problem) {
        this(file, problem, null);
    }

    /** As {@link #DataFileException(Path, String)}, keeping the low-level exception as the cause. */
    public DataFileException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + oneLine(problem), cause);
        this.file = file;
    }

    /** The file (or directory) at fault. */
    public Path file() {
        return file;
    }

    private static String oneLine(String s) {
        return String.valueOf(s).replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
