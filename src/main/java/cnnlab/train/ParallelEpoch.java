package cnnlab.train;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.RuntimeConfig;

/**
 * One epoch trained by several workers of this process with DL4J's {@link ParallelWrapper}
 * ({@code runtime.workers} above 1): {@link EpochLoop} hands its minibatches to the wrapper, which
 * deals them out round-robin, one per worker per round.
 *
 * <p>Worker 0 trains the caller's network itself, the others copies of it; with
 * {@link RuntimeConfig.ParallelMode#AVERAGING} all of them are averaged (parameters and updater
 * state) after every round, with {@link RuntimeConfig.ParallelMode#SHARING} they exchange
 * threshold-encoded gradients as they go. Either way the caller's network holds the result when
 * {@link #run} returns, every minibatch handed out having been fitted.
 *
 * <p><b>What stays exact.</b> The data order and the minibatch count are those of one worker, so a
 * stop and resume continue at the right minibatch. The arithmetic is not the single worker's: each
 * round's minibatches are fitted on the same parameters and then combined, and the dropout masks
 * come from the workers' own random generators, which {@link EpochLoop#dropoutSeed} cannot reach.
 * Gradient sharing is in addition asynchronous (which update arrives first depends on timing) and
 * keeps undelivered residuals in the workers, which no checkpoint holds. See docs/parallel.md.
 */
final class ParallelEpoch {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelEpoch.class);

    private ParallelEpoch() {
    }

    static EpochLoop.End run(MultiLayerNetwork net, DataSetIterator batches, long iteration, RuntimeConfig runtime,
                             EpochLoop.Listener listener) {
        Dealer dealer = new Dealer(batches, iteration, listener);
        Reporter reporter = new Reporter(dealer, iteration, listener);
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(runtime.workers)
                .prefetchBuffer(0)   // EpochLoop prefetches; a second prefetcher would ask for minibatches past a stop
                .averagingFrequency(1)
                .averageUpdaters(true)
                .reportScoreAfterAveraging(false)
                .trainingMode(runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING
                        ? ParallelWrapper.TrainingMode.SHARED_GRADIENTS : ParallelWrapper.TrainingMode.AVERAGING)
                .thresholdAlgorithm(SharingThreshold.of(runtime))   // used only by sharing
                .build();
        try {
            wrapper.setListeners(reporter);
            wrapper.fit(dealer);
        } finally {
            wrapper.shutdown();
            net.setListeners(Collections.emptyList());   // worker 0 trained `net` itself and left the reporter on it
        }
        return new EpochLoop.End(dealer.next, dealer.stoppedBy);
    }

    /** The minibatches as ParallelWrapper takes them: asks the listener before each, counts them. */
    private static final class Dealer implements DataSetIterator {
        private final DataSetIterator batches;
        private final EpochLoop.Listener listener;
        private final ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
        private final long first;
        private volatile long next;
        private String stoppedBy;

        Dealer(DataSetIterator batches, long iteration, EpochLoop.Listener listener) {
            this.batches = batches;
            this.first = iteration;
            this.next = iteration;
            this.listener = listener;
        }

        @Override
        public boolean hasNext() {
            if (stoppedBy != null || !batches.hasNext()) {
                return false;
            }
            stoppedBy = listener.stopBefore(next);
            return stoppedBy == null;
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next() {
            org.nd4j.linalg.dataset.DataSet ds = (org.nd4j.linalg.dataset.DataSet) batches.next();
            sizes.add(ds.numExamples());
            next++;
            return ds;
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next(int num) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int inputColumns() {
            return batches.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return batches.totalOutcomes();
        }

        @Override
        public boolean resetSupported() {
            return false;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("an epoch is dealt once");
        }

        @Override
        public int batch() {
            return batches.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
            batches.setPreProcessor(preProcessor);
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return batches.getPreProcessor();
        }

        @Override
        public List<String> getLabels() {
            return batches.getLabels();
        }
    }

    /**
     * Tells the listener of every fitted minibatch, from the worker threads, one at a time and
     * numbered in the order they finish (the sizes in the order they were dealt: only the last
     * minibatch of an epoch can differ, so the image count is exact).
     */
    private static final class Reporter extends BaseTrainingListener {
        private final Dealer dealer;
        private final EpochLoop.Listener listener;
        private final Set<Model> started = Collections.newSetFromMap(new IdentityHashMap<>());
        private CountDownLatch firstRound;
        private long fitted;

        Reporter(Dealer dealer, long iteration, EpochLoop.Listener listener) {
            this.dealer = dealer;
            this.fitted = iteration;
            this.listener = listener;
        }

        /**
         * The first round's barrier: ParallelWrapper copies worker 0's network (the caller's) into each
         * other worker when it hands that worker its first minibatch, while worker 0 may already be
         * training; holding every worker's first update until all of them hold their minibatch (and so
         * their copy) makes every worker start from the same parameters, as the wrapper intends.
         */
        @Override
        public void onGradientCalculation(Model model) {
            CountDownLatch latch;
            synchronized (this) {
                if (!started.add(model)) {
                    return;
                }
                if (firstRound == null) {
                    // the wrapper deals a whole round before it feeds any worker: this is the round's size
                    firstRound = new CountDownLatch((int) (dealer.next - dealer.first));
                }
                latch = firstRound;
            }
            latch.countDown();
            try {
                if (!latch.await(10, TimeUnit.MINUTES)) {
                    LOG.warn("the workers' first minibatches did not all start within 10 minutes; going on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public synchronized void iterationDone(Model model, int iteration, int epoch) {
            Integer images = dealer.sizes.poll();
            listener.fitted(fitted++, images == null ? 0 : images, model.score());
        }
    }
}
