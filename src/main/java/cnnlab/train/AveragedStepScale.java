package cnnlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The learning rate of an averaging step, for optimizers that divide by a running second moment
 * (Adam, RMSProp): the configured rate times the square root of the number of pieces a minibatch is
 * cut into. Used by both averaging paths: {@code runtime.workers} ({@link ParallelEpoch}) and
 * {@code --spark} (the Spark module's trainer).
 *
 * <p><b>Why.</b> Each minibatch is cut into N pieces ({@link MinibatchPieces}), each worker takes one
 * optimizer step on its piece from the same parameters and optimizer state, and the results are
 * averaged. For SGD and momentum that average is exactly the step on the whole minibatch (the updates
 * are linear in the gradient), so nothing is scaled. Adam and RMSProp divide each worker's step by
 * the square root of its second moment, and a piece of 1/N of the minibatch has about N times the
 * gradient variance: when noise dominates the gradient, as it soon does, each worker's step, and so
 * their average, is about 1/sqrt(N) of the whole minibatch's step (and in the first steps, where each
 * is nearly the sign of its gradient, the signs that disagree cancel). Measured on Spark with 2, 3 and
 * 4 pieces (docs/parallel.md).
 *
 * <p>The scaled schedule is put in place for an epoch's averaging steps and taken out again before
 * anything is checkpointed, so the run's model, its config and its logged rates keep the configured values.
 */
public final class AveragedStepScale implements AutoCloseable {

    private final List<Runnable> restore = new ArrayList<>();
    private final double factor;

    private AveragedStepScale(double factor) {
        this.factor = factor;
    }

    /**
     * Scales the rates of {@code net}'s adaptive optimizers for steps averaged over {@code pieces}
     * workers: every distinct optimizer configuration the network holds, once each, wherever it sits:
     * the configuration (what is copied to other workers and executors), the layers' own
     * configurations, and the updater blocks' optimizers (what this network's steps read; a network
     * whose layers were rebuilt, as a restored checkpoint's are, can hold other objects there than its
     * configuration does).
     */
    public static AveragedStepScale apply(MultiLayerNetwork net, int pieces) {
        AveragedStepScale scale = new AveragedStepScale(Math.sqrt(Math.max(1, pieces)));
        if (pieces > 1) {
            Set<IUpdater> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (int i = 0; i < net.getnLayers(); i++) {
                scale.layer(net.getLayerWiseConfigurations().getConf(i).getLayer(), seen);
                scale.layer(net.getLayer(i).conf().getLayer(), seen);
            }
            if (net.getUpdater(false) instanceof BaseMultiLayerUpdater<?> multi) {
                for (UpdaterBlock block : multi.getUpdaterBlocks()) {
                    if (block.getGradientUpdater() != null) {
                        scale.once(block.getGradientUpdater().getConfig(), seen);
                    }
                }
            }
        }
        return scale;
    }

    private void layer(Layer layer, Set<IUpdater> seen) {
        if (layer instanceof BaseLayer base) {
            once(base.getIUpdater(), seen);
            once(base.getBiasUpdater(), seen);
        }
    }

    private void once(IUpdater updater, Set<IUpdater> seen) {
        if (updater != null && seen.add(updater)) {
            scale(updater);
        }
    }

    /** The factor the rates were multiplied by (1 when nothing was scaled). */
    public double factor() {
        return restore.isEmpty() ? 1 : factor;
    }

    private void scale(IUpdater updater) {
        if (updater instanceof Adam) {
            Adam a = (Adam) updater;
            double lr = a.getLearningRate();
            ISchedule schedule = a.getLearningRateSchedule();
            a.setLrAndSchedule(lr * factor, scaled(schedule));
            restore.add(() -> a.setLrAndSchedule(lr, schedule));
        } else if (updater instanceof RmsProp) {
            RmsProp r = (RmsProp) updater;
            double lr = r.getLearningRate();
            ISchedule schedule = r.getLearningRateSchedule();
            r.setLrAndSchedule(lr * factor, scaled(schedule));
            restore.add(() -> r.setLrAndSchedule(lr, schedule));
        }
    }

    private ISchedule scaled(ISchedule schedule) {
        return schedule == null ? null : new Scaled(schedule, factor);
    }

    /** Puts the configured rates back. */
    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }

    /**
     * A schedule times a constant. It travels inside the network's configuration: to Spark's executors
     * (Java serialization) and into ParallelWrapper's worker copies (DL4J's JSON), hence the Jackson
     * annotations (ND4J's shaded Jackson, which its schedules use).
     */
    public static final class Scaled implements ISchedule {
        private static final long serialVersionUID = 1L;
        @JsonProperty("base")
        private final ISchedule base;
        @JsonProperty("factor")
        private final double factor;

        @JsonCreator
        public Scaled(@JsonProperty("base") ISchedule base, @JsonProperty("factor") double factor) {
            this.base = base;
            this.factor = factor;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return factor * base.valueAt(iteration, epoch);
        }

        @Override
        public ISchedule clone() {
            return new Scaled(base.clone(), factor);
        }

        /**
         * By value: DL4J puts layers whose updater configurations are equal into one updater block, and
         * the updater state's layout follows the blocks. Without this, a network built from the scaled
         * configuration (a ParallelWrapper worker, a Spark executor) has one block per layer where the
         * caller's network has one for all, and copying or averaging updater state between them mixes
         * Adam's first and second moments (NaN losses, seen with runtime.workers).
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof Scaled other && other.factor == factor && other.base.equals(base);
        }

        @Override
        public int hashCode() {
            return 31 * base.hashCode() + Double.hashCode(factor);
        }
    }
}
