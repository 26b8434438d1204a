package cnnlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything besides the network that a checkpoint must hold for a resumed run to continue exactly:
 * where in the data it stopped, the partial sums of the epoch in progress, the metrics so far and the
 * best epoch. Written as JSON next to the model file of each checkpoint.
 */
public class TrainingState {

    /** Epochs finished. */
    public int completedEpochs;
    /** Minibatches of the next epoch already trained (non-zero only for a checkpoint taken mid-epoch). */
    public int batchesIntoEpoch;
    /** Minibatches trained in all. */
    public long iteration;
    /** Sum of minibatch loss times minibatch size so far in the epoch in progress. */
    public double partialLossSum;
    /** Images trained so far in the epoch in progress. */
    public long partialImages;
    /** Training seconds so far in the epoch in progress. */
    public double partialSeconds;
    /** One entry per finished epoch. */
    public List<EpochMetrics> history = new ArrayList<>();
    /** Best validation accuracy so far, and its epoch (0 if none). */
    public double bestValidationAccuracy = Double.NaN;
    public int bestEpoch;
    /** Identifies the network architecture, so a checkpoint cannot be resumed into another model. */
    public String modelFingerprint;
    /** A one-line description of that architecture, for error messages. */
    public String modelDescription;
    /**
     * The output layer ({@code cnnlab.model.OutputHead}: softmax or sigmoid, class weights), so that a
     * resumed run cannot silently keep other class weights than its config asks for; null in
     * checkpoints of older versions.
     */
    public String outputHead;
    /** The seed of the run. */
    public long seed;
    /** The pixel normalisation fitted on the training images (kind, mean, std). */
    public String normalisation;
    public double normalisationMean;
    public double normalisationStd;
}
