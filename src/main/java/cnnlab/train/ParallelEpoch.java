package cnnlab.train;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Updater;
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
 * deals what it gets round-robin, one dataset per worker per round.
 *
 * <p>Worker 0 trains the caller's network itself, the others copies of it.
 * {@link RuntimeConfig.ParallelMode#AVERAGING}: every round is one minibatch of
 * {@code training.batchSize}, cut into one piece per worker ({@link MinibatchPieces}); each worker
 * takes one step on its piece from the same parameters and updater state, and the wrapper averages
 * both after the round. So a step sees the configured minibatch and an epoch has one worker's number
 * of steps (before, each worker took a whole minibatch: N times the minibatch, 1/N of the steps), and
 * Adam's and RMSProp's rates are scaled by {@link AveragedStepScale} for it, as on Spark.
 * {@link RuntimeConfig.ParallelMode#SHARING}: every round is one minibatch cut into pieces too; each
 * worker steps on its piece and the workers exchange threshold-encoded updates (before, each worker
 * took whole minibatches: N times the images per round, and about half a point lower on the README's
 * run, docs/parallel.md). Either way the caller's network holds the result
 * when {@link #run} returns, every minibatch handed out having been fitted.
 *
 * <p><b>What stays exact.</b> The data order and the minibatch count are those of one worker, so a
 * stop and resume continue at the right minibatch; when averaging, a stop falls between rounds, so no
 * round is cut, and without dropout a resumed run ends exactly as an uninterrupted one. The network
 * keeps its optimizer state across epochs and into checkpoints: DL4J's trainer threads drop the
 * network's updater when they end, and {@link #run} puts it back. The arithmetic is not the single
 * worker's: averaged steps on pieces are not the step on the whole minibatch, and the dropout masks
 * come from the workers' own random generators, which {@link EpochLoop#dropoutSeed} cannot reach.
 * Gradient sharing in addition quantises each update (threshold encoding) and keeps the unsent
 * residuals in the workers, which no checkpoint holds; DL4J's accumulator makes the workers wait for
 * each other at every step, so reruns without dropout are close and often identical, but the order in
 * which a worker adds the others' updates is not fixed (two runs in one test JVM differed by 0.25
 * points). See docs/parallel.md.
 */
final class ParallelEpoch {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelEpoch.class);

    private ParallelEpoch() {
    }

    static EpochLoop.End run(MultiLayerNetwork net, DataSetIterator batches, long iteration, RuntimeConfig runtime,
                             EpochLoop.Listener listener) {
        boolean averaging = runtime.parallelMode == RuntimeConfig.ParallelMode.AVERAGING;
        Dealer dealer = new Dealer(batches, iteration, listener, runtime.workers);
        Reporter reporter = new Reporter(dealer, iteration, listener);
        ParallelWrapper wrapper = new ParallelWrapper.Builder<>(net)
                .workers(runtime.workers)
                .prefetchBuffer(0)   // EpochLoop prefetches; a second prefetcher would ask for minibatches past a stop
                .averagingFrequency(1)
                .averageUpdaters(true)
                .reportScoreAfterAveraging(false)
                .trainingMode(averaging ? ParallelWrapper.TrainingMode.AVERAGING : ParallelWrapper.TrainingMode.SHARED_GRADIENTS)
                .thresholdAlgorithm(SharingThreshold.of(runtime))   // used only by sharing
                .build();
        // DL4J's trainer threads end with clear() on the network they trained, worker 0's (net) included, which drops
        // net's optimizer and with it the updater: the next getUpdater() would make a new one with Adam's moments at zero
        // (every epoch, every checkpoint and every resume). Put the trained one back afterwards.
        Updater updater = net.getUpdater();
        // the wrapper copies worker 0's configuration, scaled rates included, into the others while fit runs
        try (AveragedStepScale scale = AveragedStepScale.apply(net, averaging ? runtime.workers : 1)) {
            if (averaging) {
                LOG.info("{} workers, averaging: each minibatch cut into {} pieces; learning rate x {} for Adam/RMSProp"
                        + " (AveragedStepScale)", runtime.workers, runtime.workers, String.format(java.util.Locale.ROOT, "%.3f", scale.factor()));
            }
            wrapper.setListeners(reporter);
            wrapper.fit(dealer);
        } finally {
            wrapper.shutdown();
            net.setUpdater(updater);
            net.setListeners(Collections.emptyList());   // worker 0 trained `net` itself and left the reporter on it
        }
        return new EpochLoop.End(dealer.next, dealer.stoppedBy);
    }

    /**
     * The minibatches as ParallelWrapper takes them: asks the listener before each minibatch (never
     * between its pieces), counts them, and with {@code pieces} above 1 hands out each minibatch as
     * that many consecutive pieces, which the wrapper deals as one round.
     */
    private static final class Dealer implements DataSetIterator {
        private final DataSetIterator batches;
        private final EpochLoop.Listener listener;
        private final int pieces;
        private final ArrayDeque<org.nd4j.linalg.dataset.DataSet> pending = new ArrayDeque<>();
        /** For each minibatch dealt, in order: its pieces' image counts. */
        private final ConcurrentLinkedQueue<int[]> sizes = new ConcurrentLinkedQueue<>();
        private final long first;
        private volatile long next;
        /** Datasets (minibatches or pieces) handed to the wrapper so far. */
        private volatile int dealt;
        private String stoppedBy;

        Dealer(DataSetIterator batches, long iteration, EpochLoop.Listener listener, int pieces) {
            this.batches = batches;
            this.first = iteration;
            this.next = iteration;
            this.listener = listener;
            this.pieces = pieces;
        }

        @Override
        public boolean hasNext() {
            if (!pending.isEmpty()) {
                return true;
            }
            if (stoppedBy != null || !batches.hasNext()) {
                return false;
            }
            stoppedBy = listener.stopBefore(next);
            return stoppedBy == null;
        }

        @Override
        public org.nd4j.linalg.dataset.DataSet next() {
            if (pending.isEmpty()) {
                org.nd4j.linalg.dataset.DataSet ds = (org.nd4j.linalg.dataset.DataSet) batches.next();
                List<org.nd4j.linalg.dataset.DataSet> cut = pieces > 1 ? MinibatchPieces.cut(ds, pieces) : List.of(ds);
                sizes.add(cut.stream().mapToInt(org.nd4j.linalg.dataset.DataSet::numExamples).toArray());
                pending.addAll(cut);
                next++;
            }
            dealt++;
            return pending.poll();
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
     * numbered in the order they finish; a minibatch cut into pieces counts as fitted when all its
     * pieces are (the wrapper finishes a round before it deals the next), with the pieces' mean loss
     * per image averaged over the pieces. The sizes are taken in the order the minibatches were dealt: only the last minibatch
     * of an epoch can differ, so the image count is exact.
     */
    private static final class Reporter extends BaseTrainingListener {
        private final Dealer dealer;
        private final EpochLoop.Listener listener;
        private final Set<Model> started = Collections.newSetFromMap(new IdentityHashMap<>());
        private CountDownLatch firstRound;
        private long fitted;
        private int piecesDone;
        private double lossSum;

        Reporter(Dealer dealer, long iteration, EpochLoop.Listener listener) {
            this.dealer = dealer;
            this.fitted = iteration;
            this.listener = listener;
        }

        /**
         * The first round's barrier: ParallelWrapper copies worker 0's network (the caller's) into each
         * other worker when it hands that worker its first dataset, while worker 0 may already be
         * training; holding every worker's first update until all of them hold their dataset (and so
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
                    firstRound = new CountDownLatch(dealer.dealt);
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
            int[] pieces = dealer.sizes.peek();
            if (pieces == null) {
                listener.fitted(fitted++, 0, model.score());
                return;
            }
            lossSum += model.score();
            if (++piecesDone < pieces.length) {
                return;
            }
            dealer.sizes.poll();
            int images = java.util.Arrays.stream(pieces).sum();
            double loss = lossSum / pieces.length;
            piecesDone = 0;
            lossSum = 0;
            listener.fitted(fitted++, images, loss);
        }
    }
}
