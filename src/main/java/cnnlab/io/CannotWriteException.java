package cnnlab.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file or folder that cannot be written: a read-only or full file system, a permission, a file
 * where a folder belongs. One line naming the path and the cause (exit code 2); what was there before
 * is left as it was, since every file is written to a temporary file first ({@link AtomicFiles}).
 */
public class CannotWriteException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /**
     * @param path the file or folder that could not be written
     * @param what what was being written, e.g. "cannot create the run directory"
     * @param cause the low-level error, whose reason ends the line
     */
    public CannotWriteException(Path path, String what, IOException cause) {
        super(path + ": " + what + " (" + reason(cause) + ")", cause);
        this.path = path;
    }

    /** The file or folder that could not be written. */
    public Path path() {
        return path;
    }

    /** The cause as a user reads it: "no space left on device", "permission denied", "read-only file system", ... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + " is not a folder";
        }
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + " does not exist";
        }
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (r == null || r.isBlank()) {
            return e.getClass().getSimpleName();
        }
        r = r.strip();
        return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }
}
