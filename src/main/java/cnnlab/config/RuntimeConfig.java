package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Where and how the computation runs. */
@JsonPropertyOrder({"backend", "threads", "prefetchBatches", "fastConvolution"})
public class RuntimeConfig {

    /** The ND4J backends a config may require. */
    public enum Backend { ANY, CPU, CUDA }

    /** The backend this run requires; {@code any} accepts whichever the build has. */
    public Backend backend = Backend.ANY;

    /** CPU threads for ND4J's native ops (OpenMP); 0 = ND4J's default. */
    public int threads = 0;

    /** Minibatches prepared ahead of training in a background thread; 0 = none. */
    public int prefetchBatches = 4;

    /**
     * Whether conv layers run as cnnlab's {@code FastConvolution2D} (DL4J's convolution layer
     * configuration, computed with ND4J's fused conv2d kernels) instead of DL4J's own
     * {@code ConvolutionLayer}. Same function, same parameters; see bench/NOTES.md.
     */
    public boolean fastConvolution = true;
}
