package cnnlab.report;

import java.nio.file.Path;

/** A run whose files cannot make a page: one line naming the file and what is wrong with it. */
public final class ReportException extends cnnlab.io.UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ReportException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file (or folder) at fault. */
    public Path file() {
        return file;
    }
}
