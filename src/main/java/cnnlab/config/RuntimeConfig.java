package cnnlab.config;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where and how the computation runs. */
@JsonPropertyOrder({"backend", "threads", "prefetchBatches", "fastConvolution", "workers", "parallelMode", "sharingThreshold"})
public class RuntimeConfig {

    /** The ND4J backends a config may require. */
    public enum Backend { ANY, CPU, CUDA }

    /**
     * Which implementation runs a conv layer: {@code auto} picks by backend (cnnlab's
     * {@code FastConvolution2DLayer} on the CPU, DL4J's own {@code ConvolutionLayer} with its cuDNN
     * helper on CUDA), {@code true} forces cnnlab's layer on every backend, {@code false} DL4J's
     * everywhere. {@code true} and {@code false} are YAML booleans, as the key was a boolean before.
     */
    public enum FastConvolution {
        AUTO, TRUE, FALSE;

        /** Reads {@code auto}, {@code true}, {@code false} (booleans or names, any case). */
        @JsonCreator
        public static FastConvolution of(Object value) {
            if (value instanceof Boolean b) {
                return b ? TRUE : FALSE;
            }
            if (value instanceof String s) {
                for (FastConvolution f : values()) {
                    if (f.name().equalsIgnoreCase(s.trim())) {
                        return f;
                    }
                }
            }
            throw new IllegalArgumentException("expected auto, true or false, got " + value);
        }

        /** Written as {@code auto}, or as the booleans {@code true} and {@code false}. */
        @JsonValue
        public Object yaml() {
            return this == AUTO ? "auto" : Boolean.valueOf(this == TRUE);
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How several workers of one process combine what they learn (DL4J's ParallelWrapper training modes). */
    public enum ParallelMode {
        /**
         * Parameter (and updater state) averaging after every round: one minibatch cut into one piece per
         * worker, so that a step sees the configured minibatch (Adam's rate x sqrt(workers)): synchronous.
         */
        AVERAGING,
        /**
         * Gradient sharing: one minibatch cut into one piece per worker every round too; each worker applies
         * its own update and the others' threshold-encoded ones (in one process in lockstep, on Spark
         * asynchronously).
         */
        SHARING
    }

    /** The backend this run requires; {@code any} accepts whichever the build has. */
    public Backend backend = Backend.ANY;

    /**
     * CPU threads. Where cnnlab's fast layers run (see {@link #fastConvolution}) they split each
     * minibatch over this many threads and ND4J's own operations run on one; 0 = the processors the JVM
     * may use, divided among the {@link #workers}. Otherwise ND4J's native ops (OpenMP, OpenBLAS) get this
     * many; 0 = ND4J's default ({@code OMP_NUM_THREADS}).
     */
    public int threads = 0;

    /** Minibatches prepared ahead of training in a background thread; 0 = none. */
    public int prefetchBatches = 4;

    /**
     * Which layer computes the conv layers (see {@link FastConvolution}); the model files store DL4J's
     * standard {@code ConvolutionLayer} configuration either way, so this choice is made again each
     * time cnnlab builds or loads a network. {@code auto} (the default): cnnlab's
     * {@code FastConvolution2DLayer} (im2col of the whole minibatch on the host, one matrix product per
     * pass, see bench/NOTES.md) on the CPU backend; DL4J's {@code ConvolutionLayer}, with its cuDNN
     * helper, on CUDA.
     */
    public FastConvolution fastConvolution = FastConvolution.AUTO;
    /**
     * Data-parallel workers in this process (DL4J's {@code ParallelWrapper}): each trains on its piece
     * of every minibatch (averaging and sharing alike), so {@code training.batchSize} stays the images
     * of one round and must be at least {@code workers}. On
     * CUDA one worker per GPU (at most as many as the devices), on the CPU backend N threads. 1 = the
     * plain loop.
     */
    public int workers = 1;

    /** With {@code workers} above 1: how the workers combine their updates. */
    public ParallelMode parallelMode = ParallelMode.AVERAGING;

    /**
     * With {@code parallelMode: sharing} (ParallelWrapper or Spark): the threshold of DL4J's update
     * encoding. 0 (the default) keeps DL4J's own {@code AdaptiveThresholdAlgorithm}, which sends at most
     * about 1% of the parameters per step and learned LeNet slowly here (docs/parallel.md); a value above 0
     * is a {@code FixedThresholdAlgorithm}: every parameter whose pending update reaches it moves by it.
     * About the learning rate suits Adam (its steps are at most about the rate).
     */
    public double sharingThreshold = 0;
}
