package cnnlab.model;

import cnnlab.reference.ConvolutionMode;

/**
 * The one mapping from the reference's {@link ConvolutionMode} to DL4J's mode of the same name.
 *
 * <p>It lives here, in the DL4J side of the lab, so that the networks training builds
 * ({@link NetworkFactory}) and the one-layer networks the verification builds both use it, and the
 * verification depends on the model, never the other way round.
 */
public final class Dl4jModes {

    private Dl4jModes() {
    }

    /** DL4J's mode of the same name: Strict, Truncate, Same or Causal. */
    public static org.deeplearning4j.nn.conf.ConvolutionMode of(ConvolutionMode mode) {
        switch (mode) {
            case STRICT: return org.deeplearning4j.nn.conf.ConvolutionMode.Strict;
            case TRUNCATE: return org.deeplearning4j.nn.conf.ConvolutionMode.Truncate;
            case SAME: return org.deeplearning4j.nn.conf.ConvolutionMode.Same;
            case CAUSAL: return org.deeplearning4j.nn.conf.ConvolutionMode.Causal;
            default: throw new AssertionError(mode);
        }
    }
}
