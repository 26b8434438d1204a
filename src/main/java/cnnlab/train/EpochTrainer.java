package cnnlab.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;

/**
 * What trains one epoch of a {@link TrainingRun}: {@link EpochLoop} in this process (one worker or
 * {@code runtime.workers}), or, with {@code cnnlab train --spark}, DL4J's Spark training masters
 * (the {@code spark/} module, found through {@link Provider}). Checkpoints, validation, the run
 * directory and the metrics stay with {@link TrainingRun} either way.
 */
public interface EpochTrainer {

    /** This process: {@link EpochLoop}. */
    EpochTrainer LOCAL = EpochLoop::run;

    /**
     * Fits {@code net} on the rest of the current epoch of {@code batches} (its epoch set and what was
     * done skipped), leaving the result in {@code net}.
     */
    EpochLoop.End train(MultiLayerNetwork net, ImageBatches batches, long seed, long iteration, RuntimeConfig runtime,
                        EpochLoop.Listener listener);

    /**
     * Called after each epoch's validation; a trainer that can fail silently (Spark's gradient
     * sharing) checks here that it learned, and throws a {@link cnnlab.io.UserInputException} naming
     * what went wrong if it did not.
     *
     * @param validationAccuracy the epoch's validation accuracy (NaN without a validation set)
     * @param classes the number of classes (chance is 1 / classes)
     */
    default void validated(int epoch, double validationAccuracy, int classes) {
    }

    /** Finds the Spark trainer of the {@code spark/} module, when it is on the class path. */
    interface Provider {
        /** A trainer against the Spark master at {@code masterUrl} for {@code config}. */
        EpochTrainer spark(String masterUrl, ExperimentConfig config);
    }
}
