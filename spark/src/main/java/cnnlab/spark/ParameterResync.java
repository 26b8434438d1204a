package cnnlab.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;
import org.nd4j.parameterserver.distributed.v2.messages.pairs.params.ModelParametersMessage;
import org.nd4j.parameterserver.distributed.v2.messages.pairs.params.ModelParametersRequest;
import org.nd4j.parameterserver.distributed.v2.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradient sharing on Spark: every executor starts every epoch from the driver's parameters, and the
 * first epoch only once every executor has joined DL4J's mesh.
 *
 * <p><b>Why.</b> With one worker per executor, DL4J's {@code SharedTrainingWrapper} (1.0.0-M2) makes
 * the executor's model once, in the run's first Spark task, from the parameters its training master
 * broadcast at the first {@code fit}, and trains that model for the rest of the run. It never takes
 * the driver's parameters again, so every update the executor misses stays missing: those sent before
 * it joined the mesh (under load up to 20 s after the other executor, which meanwhile trained most of
 * the first epoch), and those that arrive between two of its Spark tasks (DL4J's consumer drops them
 * then). The executors' models and the driver's (the sum of every update the driver received: the
 * model cnnlab validates and saves) drifted apart for the rest of the run (docs/parallel.md). The
 * same model's epoch count, which the learning-rate schedule reads, is DL4J's count of the executor's
 * Spark tasks, reset at every task from the epochs of the updates the mesh delivered: it lagged or ran
 * ahead of the driver's (seen here: an executor trained epoch 2 at epoch 1's learning rate).
 *
 * <p><b>How</b>, with DL4J's public API, no reflection: DL4J attaches the training master's listeners
 * to the executor's model when it makes it, so this listener's {@link #onEpochStart} runs at the start
 * of every Spark task that trains on the executor, in the task's thread. The driver tags each epoch's
 * Spark jobs with two local properties ({@link #tag}): the epoch and the number of nodes the mesh must
 * hold (the controller and every executor). Every task sets the model's epoch count to the driver's;
 * the first task of a new epoch on each executor then
 * <ol>
 * <li>waits, at most {@link #MESH_WAIT_SECONDS} s, until its view of DL4J's mesh holds that many nodes,
 *     so that no executor trains before the others can receive its updates;</li>
 * <li>asks the mesh's root, the driver, for its parameters with DL4J's own {@link ModelParametersRequest}
 *     (the message DL4J's restart path sends; the driver answers with the parameters of its model,
 *     into which it has applied every update it received, flushed at the end of each {@code fit}),
 *     and assigns them to the executor's model.</li>
 * </ol>
 * Each executor keeps its own updater state (Adam's moments of the gradients it computed), as DL4J's
 * gradient sharing does. When the wait or the request times out, the executor trains on from its own
 * parameters (DL4J's behaviour) and says so in its log.
 */
final class ParameterResync extends BaseTrainingListener implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ParameterResync.class);

    /** The local property that names the epoch a Spark job trains. */
    static final String EPOCH_PROPERTY = "cnnlab.resync.epoch";
    /** The local property that says how many nodes DL4J's mesh must hold: the controller and every executor. */
    static final String NODES_PROPERTY = "cnnlab.resync.nodes";
    /** How long the first task of an epoch waits for the mesh to be complete. */
    static final long MESH_WAIT_SECONDS = 120;
    /** How long it waits for the driver's parameters. */
    static final long REQUEST_SECONDS = 60;

    /** The epoch whose parameters this executor's model last took (on the executor: the listener DL4J attached). */
    private String syncedEpoch;

    /**
     * On the driver: tags the Spark jobs this thread starts from now on (the next {@code fit}) as
     * {@code epoch}'s, with a mesh of the controller and {@code executors} executors.
     */
    static void tag(JavaSparkContext sc, long epoch, int executors) {
        sc.setLocalProperty(EPOCH_PROPERTY, Long.toString(epoch));
        sc.setLocalProperty(NODES_PROPERTY, Integer.toString(executors + 1));
    }

    /** On the driver: removes the tags, so that later jobs of this thread (an averaging step, a check) carry none. */
    static void untag(JavaSparkContext sc) {
        sc.setLocalProperty(EPOCH_PROPERTY, null);
        sc.setLocalProperty(NODES_PROPERTY, null);
    }

    @Override
    public void onEpochStart(Model model) {
        TaskContext task = TaskContext.get();
        String epoch = task == null ? null : task.getLocalProperty(EPOCH_PROPERTY);
        if (epoch == null) {
            return;
        }
        int driverEpochCount = Integer.parseInt(epoch) - 1;
        int ownEpochCount = -1;
        if (model instanceof MultiLayerNetwork) {
            // the learning-rate schedule's epoch: DL4J's fit counts every Spark task as an epoch of this model
            ownEpochCount = ((MultiLayerNetwork) model).getEpochCount();
            ((MultiLayerNetwork) model).setEpochCount(driverEpochCount);
        }
        if (epoch.equals(syncedEpoch)) {
            return;
        }
        syncedEpoch = epoch;
        ModelParameterServer server = ModelParameterServer.getInstance();
        Transport transport = server.getTransport();
        if (!server.isInitialized() || transport == null) {
            LOG.warn("epoch {}: DL4J's parameter server is not running on this executor; training on from its own parameters", epoch);
            return;
        }
        awaitMesh(transport, Integer.parseInt(task.getLocalProperty(NODES_PROPERTY)), epoch);
        INDArray driver = requestDriverParameters(transport, epoch);
        INDArray own = model.params();
        if (driver == null) {
            return;
        }
        if (driver.length() != own.length()) {
            LOG.warn("epoch {}: the driver sent {} parameters, this model has {}; training on from its own", epoch, driver.length(),
                    own.length());
            return;
        }
        double drift = own.distance2(driver);
        own.assign(driver);
        LOG.info(String.format(Locale.ROOT, "epoch %s: took the driver's parameters (L2 distance from this executor's %.4g) and"
                + " epoch count %d (this model's was %d)", epoch, drift, driverEpochCount, ownEpochCount));
    }

    /** Waits until this executor's view of the mesh holds {@code nodes} nodes, or {@link #MESH_WAIT_SECONDS} have passed. */
    private static void awaitMesh(Transport transport, int nodes, String epoch) {
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(MESH_WAIT_SECONDS);
        while (transport.totalNumberOfNodes() < nodes) {
            if (System.nanoTime() > end) {
                LOG.warn("epoch {}: DL4J's mesh holds {} of {} nodes after {} s; training without the others", epoch,
                        transport.totalNumberOfNodes(), nodes, MESH_WAIT_SECONDS);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (waited > 0) {
            LOG.info("epoch {}: waited {} ms for all {} nodes of DL4J's mesh", epoch, waited, nodes);
        }
    }

    /** The root's (the driver's) parameters, or null (logged) if it did not answer in time. */
    private static INDArray requestDriverParameters(Transport transport, String epoch) {
        try {
            ModelParametersMessage reply = transport.sendMessageBlocking(new ModelParametersRequest(), transport.getRootId(),
                    REQUEST_SECONDS, TimeUnit.SECONDS);
            if (reply == null || reply.getPayload() == null) {
                LOG.warn("epoch {}: the driver did not send its parameters within {} s; training on from this executor's own", epoch,
                        REQUEST_SECONDS);
                return null;
            }
            return reply.getPayload();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
