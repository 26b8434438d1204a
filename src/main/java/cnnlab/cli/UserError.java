package cnnlab.cli;

import cnnlab.io.UserInputException;

/**
 * A mistake in what the user gave (a file, a value, an option): printed as one line without a stack
 * trace, exit code {@value #EXIT_CODE}.
 */
public class UserError extends UserInputException {

    /** The exit code for user errors. */
    public static final int EXIT_CODE = UserInputException.EXIT_CODE;

    public UserError(String message) {
        super(message);
    }
}
