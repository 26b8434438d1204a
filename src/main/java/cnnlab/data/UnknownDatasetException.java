package cnnlab.data;

import java.util.List;

/**
 * A dataset argument that is neither a known dataset name nor an existing directory. The message is
 * one line and lists the known names, since the usual cause is a typo.
 */
public class UnknownDatasetException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String given;

    /**
     * @param given what the user passed
     * @param knownNames the names {@link DatasetCatalog} knows
     */
    public UnknownDatasetException(String given, List<String> knownNames) {
        super("unknown dataset '" + given + "': not one of " + String.join(", ", knownNames)
                + ", and no directory of that name exists");
        this.given = given;
    }

    /** What the user passed. */
    public String given() {
        return given;
    }
}
