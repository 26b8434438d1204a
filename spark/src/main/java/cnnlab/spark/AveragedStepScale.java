package cnnlab.spark;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * The learning rate of an averaging step on Spark, for optimizers that divide by a running second
 * moment (Adam, RMSProp): the configured rate times the square root of the number of pieces a
 * minibatch is cut into.
 *
 * <p><b>Why.</b> {@link SparkEpochTrainer} cuts each minibatch into N pieces, each worker takes one
 * optimizer step on its piece from the same parameters and optimizer state, and DL4J averages the
 * results. For SGD and momentum that average is exactly the step on the whole minibatch (the updates
 * are linear in the gradient), so nothing is scaled. Adam and RMSProp divide each worker's step by
 * the square root of its second moment, and a piece of 1/N of the minibatch has about N times the
 * gradient variance: when noise dominates the gradient, as it soon does, each worker's step, and so
 * their average, is about 1/sqrt(N) of the whole minibatch's step (and in the first steps, where each
 * is nearly the sign of its gradient, the signs that disagree cancel). Measured in SparkTrainingTest's
 * setting (docs/parallel.md): one process 91.90%; Spark averaging at the configured rate 90.20%; one
 * process at the rate / sqrt(2) 89.50%; Spark averaging at the rate * sqrt(2) 91.80%.
 *
 * <p>The scaled schedule is put in place for an epoch's averaging steps and taken out again before
 * anything is checkpointed, so the run's model, its config and its logged rates keep the configured values.
 */
final class AveragedStepScale implements AutoCloseable {

    private final List<Runnable> restore = new ArrayList<>();
    private final double factor;

    private AveragedStepScale(double factor) {
        this.factor = factor;
    }

    /** Scales the rates of {@code net}'s adaptive optimizers for steps averaged over {@code pieces} workers. */
    static AveragedStepScale apply(MultiLayerNetwork net, int pieces) {
        AveragedStepScale scale = new AveragedStepScale(Math.sqrt(Math.max(1, pieces)));
        if (pieces > 1) {
            for (int i = 0; i < net.getnLayers(); i++) {
                Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
                if (layer instanceof BaseLayer) {
                    scale.scale(((BaseLayer) layer).getIUpdater());
                }
            }
        }
        return scale;
    }

    /** The factor the rates were multiplied by (1 when nothing was scaled). */
    double factor() {
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

    /** A schedule times a constant (travels to the executors inside the network's configuration). */
    static final class Scaled implements ISchedule {
        private static final long serialVersionUID = 1L;
        private final ISchedule base;
        private final double factor;

        Scaled(ISchedule base, double factor) {
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
    }
}
