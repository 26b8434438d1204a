package cnnlab.runtime;

/** A config that requires a backend ({@code runtime.backend}) this build does not have: a user error. */
public class BackendMismatchException extends RuntimeException {

    public BackendMismatchException(String message) {
        super(message);
    }
}
