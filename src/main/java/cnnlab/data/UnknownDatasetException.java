package cnnlab.data;

import java.util.List;

import cnnlab.io.UserInputException;

/**
 * A dataset argument that is neither a known dataset name nor an existing directory (or, for
 * {@link DatasetCatalog#find}, {@code .npz} file). The message is one line and lists the known
 * names, since the usual cause is a typo.
 */
public class UnknownDatasetException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final String given;

    /**
     * @param given what the user passed
     * @param knownNames the names {@link DatasetCatalog} knows
     */
    public UnknownDatasetException(String given, List<String> knownNames) {
        this(given, knownNames, "no directory of that name exists");
    }

    /**
     * @param given what the user passed
     * @param knownNames the names {@link DatasetCatalog} knows
     * @param rest what else was looked for, e.g. "no directory or .npz file of that name exists"
     */
    public UnknownDatasetException(String given, List<String> knownNames, String rest) {
        super("unknown dataset '" + given + "': not one of " + String.join(", ", knownNames) + ", and " + rest);
        this.given = given;
    }

    /** What the user passed. */
    public String given() {
        return given;
    }
}
