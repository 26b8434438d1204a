package cnnlab.io;

/**
 * A mistake in what the user gave (a config, a data or checkpoint file, an option, a backend this
 * machine cannot run): the base of every exception that the command line reports as one line,
 * without a stack trace, with exit code {@value #EXIT_CODE}. Its message is that line, so it names
 * the file or option, the field and what was expected.
 *
 * <p>It is an {@link IllegalArgumentException} because that is what it is: an argument (a path, a
 * value) the program cannot use; the dataset and grid errors were such before they had this base.
 * It lives in {@code io}, the lowest package, so that {@code data}, {@code config},
 * {@code train} and {@code verify} can all extend it without depending on each other or on the
 * command line.
 */
public class UserInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The exit code of a user error. */
    public static final int EXIT_CODE = 2;

    /** @param message the one line to print: what is wrong, where, and what was expected */
    public UserInputException(String message) {
        super(message);
    }

    /** As {@link #UserInputException(String)}, keeping the low-level exception as the cause. */
    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
