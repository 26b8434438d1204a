package cnnlab.train;

import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;

import cnnlab.config.RuntimeConfig;

/**
 * The threshold of DL4J's gradient-sharing update encoding for {@code runtime.sharingThreshold}, the
 * same for {@code runtime.workers} (ParallelWrapper) and for {@code --spark} (SharedTrainingMaster).
 *
 * <p>DL4J encodes each worker's update as +/- threshold for every parameter whose pending update
 * (this step's plus the residual left from earlier ones) reaches the threshold, and keeps the rest as
 * residual. Its default, {@link AdaptiveThresholdAlgorithm} (initial 1e-4), moves the threshold so
 * that between 0.01% and 1% of the parameters are sent per step: made for large models on slow
 * networks, it left LeNet far behind one process here (docs/parallel.md). A fixed threshold near
 * Adam's step size (the learning rate) sends nearly every parameter that moved.
 */
public final class SharingThreshold {

    private SharingThreshold() {
    }

    /** DL4J's adaptive algorithm for 0, a fixed threshold otherwise. */
    public static ThresholdAlgorithm of(RuntimeConfig runtime) {
        return runtime.sharingThreshold > 0 ? new FixedThresholdAlgorithm(runtime.sharingThreshold) : new AdaptiveThresholdAlgorithm();
    }

    /** In words, for the log. */
    public static String describe(RuntimeConfig runtime) {
        return runtime.sharingThreshold > 0 ? "fixed threshold " + runtime.sharingThreshold
                : "DL4J's adaptive threshold (runtime.sharingThreshold: 0)";
    }
}
