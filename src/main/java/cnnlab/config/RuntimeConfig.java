package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Where and how the computation runs. */
@JsonPropertyOrder({"backend", "threads", "prefetchBatches", "fastConvolution", "workers", "parallelMode"})
public class RuntimeConfig {

    /** The ND4J backends a config may require. */
    public enum Backend { ANY, CPU, CUDA }

    /** How several workers of one process combine what they learn (DL4J's ParallelWrapper training modes). */
    public enum ParallelMode {
        /** Parameter (and updater state) averaging after every round of one minibatch per worker: synchronous. */
        AVERAGING,
        /** Gradient sharing: each worker applies its own and the others' threshold-encoded updates, asynchronously. */
        SHARING
    }

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

    /**
     * Data-parallel workers in this process (DL4J's {@code ParallelWrapper}): each trains on its own
     * minibatches of the same epoch. On CUDA one worker per GPU (at most as many as the devices), on
     * the CPU backend N threads. 1 = the plain loop.
     */
    public int workers = 1;

    /** With {@code workers} above 1: how the workers combine their updates. */
    public ParallelMode parallelMode = ParallelMode.AVERAGING;
}
