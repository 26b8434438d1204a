package cnnlab.train;

import java.nio.file.Path;

import cnnlab.io.UserInputException;

/** A checkpoint or run directory that cannot be used: one line naming the file and the problem. */
public class CheckpointException extends UserInputException {

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
