package cnnlab.cli;

/**
 * A mistake in what the user gave (a file, a value, an option): printed as one line without a stack
 * trace, exit code {@value #EXIT_CODE}.
 */
public class UserError extends RuntimeException {

    /** The exit code for user errors. */
    public static final int EXIT_CODE = 2;

    public UserError(String message) {
        super(message);
    }
}
