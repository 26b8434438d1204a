package cnnlab.train;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import cnnlab.records.ModelFingerprint;
import cnnlab.records.RunJson;

/**
 * Everything besides the network that a checkpoint must hold for a resumed run to continue exactly:
 * where in the data it stopped, the partial sums of the epoch in progress, the metrics so far and the
 * best epoch. Written as JSON next to the model file of each checkpoint (by {@link RunJson}, as every
 * run file). It stays a mutable object because the epoch loop updates it after every minibatch; what a
 * resume compares is the immutable {@link ModelFingerprint}.
 */
public class TrainingState {

    /** {@link RunJson#SCHEMA_VERSION} when written (set on saving); 0 for states written before it existed. */
    public int schemaVersion;

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
    /**
     * The network's architecture and output layer (softmax or sigmoid, class weights), so that a
     * checkpoint cannot be resumed into another model, nor silently keep other class weights than its
     * config asks for. Written at the top level of the file ({@code modelFingerprint},
     * {@code modelDescription}, {@code outputHead}).
     */
    @JsonUnwrapped
    public ModelFingerprint model;
    /** The seed of the run. */
    public long seed;
    /** The pixel normalisation fitted on the training images (kind, mean, std). */
    public String normalisation;
    public double normalisationMean;
    public double normalisationStd;
}
