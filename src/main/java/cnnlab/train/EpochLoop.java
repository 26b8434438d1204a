package cnnlab.train;

import org.deeplearning4j.datasets.iterator.AsyncDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import cnnlab.config.RuntimeConfig;
import cnnlab.model.FitScope;
import cnnlab.model.MinibatchSplit;

/**
 * The minibatch loop of one epoch, shared by {@code cnnlab train} ({@link TrainingRun}) and
 * {@code cnnlab bench}, so that the benchmark times exactly what training runs.
 *
 * <p><b>The reproducibility contract.</b> Before every minibatch ND4J's random generator (which
 * draws the dropout masks) is re-seeded with {@link #dropoutSeed}{@code (seed, iteration)}, where
 * {@code iteration} counts the minibatches of the whole run from 0 (with several {@code runtime.threads},
 * {@link MinibatchSplit} draws the whole minibatch's masks on this thread, so the seed means the same
 * at any thread count). The data order comes from the
 * {@link ImageBatches} (seed and epoch). Together they make a run resumed from a checkpoint, even
 * one taken in the middle of an epoch, continue exactly as the uninterrupted run would have.
 */
public final class EpochLoop {

    /** What the caller is told about each minibatch, and asked before it. */
    public interface Listener {

        /**
         * Called before minibatch {@code iteration} is taken; a non-null answer (the name of the signal
         * that asks to stop, say) ends the epoch there, without taking it.
         */
        default String stopBefore(long iteration) {
            return null;
        }

        /**
         * Called after minibatch {@code iteration} was fitted.
         *
         * @param images the minibatch's number of images
         * @param loss the network's score on it (the mean loss per image)
         */
        void fitted(long iteration, int images, double loss);
    }

    /**
     * How an epoch ended.
     *
     * @param nextIteration the run-wide index of the next minibatch
     * @param stoppedBy what {@link Listener#stopBefore} answered, or {@code null} when the epoch completed
     */
    public record End(long nextIteration, String stoppedBy) {
    }

    private EpochLoop() {
    }

    /** The seed of ND4J's random generator for minibatch {@code iteration} of a run with {@code seed}. */
    public static long dropoutSeed(long seed, long iteration) {
        return seed * 1_000_003L + iteration;
    }

    /**
     * Fits {@code net} on the rest of the current epoch of {@code batches} (set its epoch, and skip what
     * was done, first).
     *
     * @param seed the run's seed
     * @param iteration the run-wide index of the first minibatch
     * @param prefetchBatches minibatches to assemble ahead on a background thread (0: none)
     */
    public static End run(MultiLayerNetwork net, ImageBatches batches, long seed, long iteration, int prefetchBatches,
                          Listener listener) {
        RuntimeConfig serial = new RuntimeConfig();
        serial.prefetchBatches = prefetchBatches;
        return run(net, batches, seed, iteration, serial, listener);
    }

    /**
     * As {@link #run(MultiLayerNetwork, ImageBatches, long, long, int, Listener)}, with the prefetch
     * and, for {@code runtime.workers} above 1, the data-parallel workers of {@code runtime}
     * ({@link ParallelEpoch}: the same minibatches in the same order, dealt to the workers; the
     * dropout seeds of this contract do not reach them).
     */
    public static End run(MultiLayerNetwork net, ImageBatches batches, long seed, long iteration, RuntimeConfig runtime,
                          Listener listener) {
        int prefetchBatches = runtime.prefetchBatches;
        AsyncDataSetIterator async = prefetchBatches > 0 ? ImageBatches.prefetching(batches, prefetchBatches) : null;
        DataSetIterator it = async != null ? async : batches;
        try {
            if (runtime.workers > 1) {
                return ParallelEpoch.run(net, it, iteration, runtime, listener);
            }
            try (FitScope fitting = FitScope.open(net)) {
                return fitAll(net, MinibatchSplit.of(net), it, seed, iteration, listener);
            }
        } finally {
            if (async != null) {
                async.shutdown();
            }
        }
    }

    /**
     * Fits every minibatch {@code it} has left, one by one, as long as {@code listener} does not stop it;
     * each minibatch is split over the layer threads by {@code split}.
     */
    private static End fitAll(MultiLayerNetwork net, MinibatchSplit split, DataSetIterator it, long seed, long iteration,
                              Listener listener) {
        while (it.hasNext()) {
            String stop = listener.stopBefore(iteration);
            if (stop != null) {
                return new End(iteration, stop);
            }
            DataSet ds = it.next();
            split.fit(ds, dropoutSeed(seed, iteration));
            listener.fitted(iteration, ds.numExamples(), net.score());
            iteration++;
        }
        return new End(iteration, null);
    }
}
