package cnnlab.train;

import java.nio.file.Path;

/** A checkpoint or run directory that cannot be used: one line naming the file and the problem. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
