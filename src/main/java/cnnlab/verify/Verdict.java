package cnnlab.verify;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a disagreeing cell means. */
public enum Verdict {
    /** The reference and DL4J agree; the slide prints something else. */
    SLIDE_ERRATUM("slide-erratum"),
    /** DL4J computes something other than the reference. */
    DL4J_DEVIATION("dl4j-deviation");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** The name used in JSON and in known-findings.yaml (and how Jackson reads and writes a verdict). */
    @JsonValue
    public String label() {
        return label;
    }

    /** The verdict named {@code label}, or {@code null}. */
    public static Verdict fromLabel(String label) {
        for (Verdict v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        return null;
    }
}
