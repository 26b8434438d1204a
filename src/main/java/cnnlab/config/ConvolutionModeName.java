package cnnlab.config;

import cnnlab.reference.ConvolutionMode;

/** The output-size rules a 2-D layer may use (DL4J accepts Causal only for 1-D layers). */
public enum ConvolutionModeName {
    TRUNCATE(ConvolutionMode.TRUNCATE),
    SAME(ConvolutionMode.SAME),
    STRICT(ConvolutionMode.STRICT);

    private final ConvolutionMode mode;

    ConvolutionModeName(ConvolutionMode mode) {
        this.mode = mode;
    }

    /** The reference package's mode of the same name. */
    public ConvolutionMode mode() {
        return mode;
    }
}
