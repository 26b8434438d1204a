package cnnlab.model;

import cnnlab.io.UserInputException;

/**
 * A network that does not fit the memory ND4J may use, found before anything is allocated: one line
 * naming the layer and the memory it needs and the setting that raises the limit (exit code 2).
 */
public class ModelTooBigException extends UserInputException {

    private static final long serialVersionUID = 1L;

    public ModelTooBigException(String message) {
        super(message);
    }
}
