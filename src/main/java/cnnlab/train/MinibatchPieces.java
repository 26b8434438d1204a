package cnnlab.train;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import cnnlab.model.MinibatchSplit;

/**
 * One minibatch cut into consecutive pieces, one per worker of an averaging step: so that N workers
 * take one step on the configured minibatch, as one process does, instead of one step on N
 * minibatches ({@link ParallelEpoch} for {@code runtime.workers}, the Spark module's trainer for
 * {@code --spark}). The learning-rate side of it is {@link AveragedStepScale}.
 */
public final class MinibatchPieces {

    private MinibatchPieces() {
    }

    /** {@code ds} cut into {@code min(parts, examples)} consecutive pieces of (nearly) equal size: never an empty one. */
    public static List<DataSet> cut(DataSet ds, int parts) {
        int n = ds.numExamples();
        int count = Math.max(1, Math.min(parts, n));
        int[] from = MinibatchSplit.bounds(n, count);
        List<DataSet> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            INDArray features = ds.getFeatures().get(NDArrayIndex.interval(from[i], from[i + 1])).dup();
            INDArray labels = ds.getLabels().get(NDArrayIndex.interval(from[i], from[i + 1])).dup();
            pieces.add(new DataSet(features, labels));
        }
        return pieces;
    }
}
