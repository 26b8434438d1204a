package cnnlab.verify;

/** A grid of numbers that cannot be read; the message names the source and line. */
public class GridFormatException extends cnnlab.io.UserInputException {

    private final String source;
    private final int line;

    public GridFormatException(String source, int line, String problem) {
        super(source + (line > 0 ? ":" + line : "") + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file or resource the grid came from. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole grid. */
    public int line() {
        return line;
    }
}
