package cnnlab.spark;

import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.spark.api.Repartitioner;

/**
 * A {@link Repartitioner} for DL4J's {@code SharedTrainingMaster} that keeps the partitions it is
 * given: the driver makes one per Spark task slot, so each executor trains its whole share of an epoch
 * in one Spark task. DL4J's default cut the epoch into one task per minibatch
 * ({@code batchSizePerWorker} / images per RDD element), and between two tasks an executor's DL4J
 * drops the updates the others send (its consumer's bypass mode), resets its residual and makes a new
 * network from the broadcast configuration. With {@link ParameterResync} this trained better and faster
 * here (docs/parallel.md).
 */
final class KeepPartitions implements Repartitioner {

    private static final long serialVersionUID = 1L;

    @Override
    public <T> JavaRDD<T> repartition(JavaRDD<T> input, int minObjectsPerPartition, int numExecutors) {
        return input;
    }
}
