package cnnlab.runtime;

import cnnlab.io.UserInputException;

/** A config that requires a backend ({@code runtime.backend}) this build does not have: a user error. */
public class BackendMismatchException extends UserInputException {

    public BackendMismatchException(String message) {
        super(message);
    }
}
