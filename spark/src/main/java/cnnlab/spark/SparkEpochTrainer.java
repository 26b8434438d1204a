package cnnlab.spark;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.transport.impl.EnvironmentVarPortSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.train.ImageBatches;
import cnnlab.io.UserInputException;
import cnnlab.train.AveragedStepScale;
import cnnlab.train.EpochLoop;
import cnnlab.train.EpochTrainer;
import cnnlab.train.MinibatchPieces;
import cnnlab.train.SharingThreshold;

/**
 * One epoch on a Spark cluster. The driver cuts the epoch's minibatches exactly as one process would
 * (seed and epoch decide the order) and hands them to Spark directly (DL4J's "direct" approach: no
 * shared file system needed). {@code runtime.parallelMode: averaging}: {@link ParameterAveragingTrainingMaster},
 * one synchronous step per minibatch, the minibatch cut into one piece per task slot (see
 * {@link #averageEpoch}); {@code sharing}: {@link SharedTrainingMaster}, the epoch at once, gradient
 * sharing over Aeron UDP between the executors and the driver (see {@link ExecutorAddresses}), each
 * executor starting the epoch from the driver's parameters (see {@link ParameterResync}).
 *
 * <p>A stop signal is honoured before the next minibatch when averaging, at the end of the epoch when
 * sharing. Every call into Spark runs under {@link SparkWatchdog}'s time limit.
 *
 * <p><b>Silent failure check.</b> Gradient sharing has trained to chance accuracy without an error
 * (an executor on the driver's host that took its own address for the controller's). After every
 * epoch this trainer checks that the parameters moved and, from epoch 1 on, that the validation
 * accuracy beats chance; if not it stops the run with one line.
 */
final class SparkEpochTrainer implements EpochTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SparkEpochTrainer.class);

    /** JVM flags every executor needs on Java 17 (Spark's and Aeron's use of sun.nio.ch), and Aeron's timeout for gradient sharing. */
    static final String EXECUTOR_FLAGS = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED"
            + " --add-opens java.base/java.lang.invoke=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED"
            + " --add-opens java.base/sun.nio.cs=ALL-UNNAMED --add-opens java.base/sun.security.action=ALL-UNNAMED"
            + " --add-opens java.base/sun.util.calendar=ALL-UNNAMED -Daeron.publication.unblock.timeout=60000000000";

    /** The environment variable DL4J's port supplier reads: the controller's port on the driver, the executors' own on them. */
    static final String PORT_VARIABLE = "CNNLAB_SPARK_PORT";

    private final String masterUrl;
    private final ExperimentConfig config;
    private JavaSparkContext sc;
    private SparkDl4jMultiLayer sparkNet;
    private SparkWatchdog watchdog;
    private INDArray before;
    /** Spark's task slots (the executors' cores): the pieces each minibatch is cut into, averaging or sharing. */
    private int workers;
    private boolean loggedScale;

    SparkEpochTrainer(String masterUrl, ExperimentConfig config) {
        this.masterUrl = masterUrl;
        this.config = config;
    }

    @Override
    public EpochLoop.End train(MultiLayerNetwork net, ImageBatches batches, long seed, long iteration, RuntimeConfig runtime,
                               EpochLoop.Listener listener) {
        String stop = listener.stopBefore(iteration);
        if (stop != null || !batches.hasNext()) {
            return new EpochLoop.End(iteration, stop);
        }
        start(net);
        sparkNet.setNetwork(net);
        before = net.params().dup();
        long first = iteration;
        if (config.runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING) {
            iteration = shareEpoch(net, batches, iteration, listener);
        } else {
            EpochLoop.End end = averageEpoch(net, batches, iteration, listener);
            if (end.stoppedBy() != null) {
                return end;
            }
            iteration = end.nextIteration();
        }
        if (iteration > first && net.params().equalsWithEps(before, 0)) {
            throw new SparkTrainingFailed("the parameters did not change in this epoch: the Spark workers trained nothing"
                    + " (check that every executor reached the driver; docs/parallel.md)");
        }
        return new EpochLoop.End(iteration, null);
    }

    /**
     * Parameter averaging, one step per minibatch, in the order one process takes them: the
     * minibatch is cut into one piece per Spark worker (task slot), each worker fits its piece from
     * the same parameters and Adam state, and the driver averages parameters and updater state
     * ({@link ParameterAveragingTrainingMaster} with averaging frequency 1, one split per call). So
     * {@code training.batchSize} stays the minibatch of a step and an epoch keeps its number of steps,
     * as in one process; handing the whole epoch to one {@code fit} would let DL4J's random split pair
     * two full minibatches per step (twice the minibatch, half the steps: 1.4 points lower after 3
     * epochs in SparkTrainingTest). Adam's and RMSProp's averaged steps are shorter than the whole
     * minibatch's step; {@link AveragedStepScale} makes up for it. A stop signal is honoured before any
     * minibatch, as in one process.
     */
    private EpochLoop.End averageEpoch(MultiLayerNetwork net, ImageBatches batches, long iteration, EpochLoop.Listener listener) {
        int epochCount = net.getEpochCount();
        try (AveragedStepScale scale = AveragedStepScale.apply(net, workers)) {
            if (!loggedScale) {
                LOG.info("Spark: learning rate x {} for Adam/RMSProp steps averaged over {} pieces (AveragedStepScale)",
                        String.format(Locale.ROOT, "%.3f", scale.factor()), workers);
                loggedScale = true;
            }
            while (batches.hasNext()) {
                String stop = listener.stopBefore(iteration);
                if (stop != null) {
                    return new EpochLoop.End(iteration, stop);
                }
                DataSet ds = batches.next();
                List<DataSet> pieces = MinibatchPieces.cut(ds, workers);
                watchdog.run("minibatch " + (iteration + 1), () -> sparkNet.fit(sc.parallelize(pieces, pieces.size())));
                net.setEpochCount(epochCount);   // SparkDl4jMultiLayer.fit counts every call as an epoch; the schedule must not
                listener.fitted(iteration++, ds.numExamples(), sparkNet.getScore());
            }
        }
        return new EpochLoop.End(iteration, null);
    }

    /**
     * Gradient sharing: one process's minibatches, each cut into one piece per Spark task slot (as
     * {@code runtime.workers} does with ParallelWrapper), so that the slots together take one
     * minibatch's images per step of each (whole minibatches per slot trained half a point lower,
     * docs/parallel.md); the pieces as one RDD of one partition per slot, kept as it is
     * ({@link KeepPartitions}), so each executor trains its consecutive share of the epoch in
     * one Spark task, exchanging threshold-encoded updates with the others while it trains; the epoch
     * is the unit (a stop signal waits for its end). The epoch's jobs are tagged for
     * {@link ParameterResync}: every executor starts the epoch from the driver's parameters and epoch
     * count, and the first once every executor has joined DL4J's mesh (docs/parallel.md).
     */
    private long shareEpoch(MultiLayerNetwork net, ImageBatches batches, long iteration, EpochLoop.Listener listener) {
        List<Integer> minibatches = new ArrayList<>();   // one process's minibatches: their image counts
        List<DataSet> pieces = new ArrayList<>();
        while (batches.hasNext()) {
            DataSet ds = batches.next();
            minibatches.add(ds.numExamples());
            pieces.addAll(MinibatchPieces.cut(ds, workers));
        }
        if (pieces.isEmpty()) {
            return iteration;
        }
        int epochCount = net.getEpochCount();
        int executors = sc.sc().statusTracker().getExecutorInfos().length - 1;   // the driver is listed too
        watchdog.run("the epoch", () -> {
            ParameterResync.tag(sc, epochCount + 1, executors);   // on this thread: the one that starts the epoch's Spark jobs
            try {
                sparkNet.fit(sc.parallelize(pieces, Math.min(pieces.size(), workers)));
            } finally {
                ParameterResync.untag(sc);
            }
        });
        net.setEpochCount(epochCount);
        double score = net.score();   // what SharedTrainingMaster leaves there: the mean of the executors' last-minibatch losses (noisy; not sparkNet.getScore())
        for (int images : minibatches) {
            listener.fitted(iteration++, images, score);
        }
        return iteration;
    }

    @Override
    public void validated(int epoch, double validationAccuracy, int classes) {
        if (Double.isNaN(validationAccuracy)) {
            return;
        }
        double chance = 1.0 / classes;
        if (validationAccuracy <= chance + 0.05) {
            stopSpark();
            throw new SparkTrainingFailed(String.format(Locale.ROOT,
                    "validation accuracy %.2f%% after epoch %d is at chance (%.0f%% for %d classes): the Spark training did not"
                            + " learn (gradient sharing: is the controller address one the executors reach? docs/parallel.md)",
                    100 * validationAccuracy, epoch, 100 * chance, classes));
        }
        if (epoch == config.training.epochs) {
            stopSpark();
        }
    }

    private void start(MultiLayerNetwork net) {
        if (sc != null) {
            return;
        }
        SparkConf conf = new SparkConf().setMaster(masterUrl).setAppName("cnnlab " + config.name)
                .set("spark.executor.extraJavaOptions", EXECUTOR_FLAGS)
                .set("spark.driver.extraJavaOptions", EXECUTOR_FLAGS)
                .set("spark.ui.enabled", "false")
                .set("spark.kryo.registrator", "org.nd4j.kryo.Nd4jRegistrator")
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer");
        String driverHost = System.getProperty("cnnlab.spark.driverHost", System.getenv("CNNLAB_SPARK_DRIVER_HOST"));
        if (driverHost != null && !driverHost.isBlank()) {
            conf.set("spark.driver.host", driverHost);
        }
        shipOwnCode(conf);
        if (config.runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING) {
            conf.set("spark.executorEnv." + PORT_VARIABLE, String.valueOf(controllerPort() + 1));
        }
        sc = new JavaSparkContext(conf);
        watchdog = new SparkWatchdog(sc, masterUrl);
        workers = watchdog.awaitExecutors(Integer.parseInt(env("CNNLAB_SPARK_EXECUTORS", "0")));
        int batch = config.training.batchSize;
        int piece = (batch + workers - 1) / workers;   // both masters: one process's minibatch, one piece per task slot
        TrainingMaster<?, ?> tm;
        if (config.runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING) {
            String controller = controllerAddress();
            int port = controllerPort();
            // Every node of DL4J's mesh is known by address:port, and all take their port from one supplier: the
            // executors read theirs from CNNLAB_SPARK_PORT as Spark sets it for them (the controller's + 1, so that
            // the executor on the driver's node is not taken for the controller), their address from DL4J_VOID_IP.
            VoidConfiguration voidConf = VoidConfiguration.builder()
                    .portSupplier(new EnvironmentVarPortSupplier(PORT_VARIABLE))
                    .controllerAddress(controller)
                    .build();
            ExecutorAddresses.check(sc, workers, controller, port);
            LOG.info("Spark {}: gradient sharing (SharedTrainingMaster), controller {}:{}, {}; each minibatch of {} cut into {}"
                    + " pieces of up to {}, a consecutive share of them per executor", masterUrl, controller, port,
                    SharingThreshold.describe(config.runtime), batch, workers, piece);
            tm = new SharedTrainingMaster.Builder(voidConf, piece)
                    .thresholdAlgorithm(SharingThreshold.of(config.runtime))
                    .batchSizePerWorker(piece)
                    .workersPerNode(1)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartitioner(new KeepPartitions())   // one task per slot and epoch (see shareEpoch)
                    .rngSeed(config.seed)
                    .collectTrainingStats(false)
                    .build();
        } else {
            LOG.info("Spark {}: parameter averaging (ParameterAveragingTrainingMaster), each minibatch of {} cut into {} pieces of"
                    + " up to {}", masterUrl, batch, workers, piece);
            tm = new ParameterAveragingTrainingMaster.Builder(workers, piece)
                    .batchSizePerWorker(piece)
                    .averagingFrequency(1)
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .repartionData(Repartition.Never)   // the driver already gives one piece per partition
                    .storageLevel(null)                 // an RDD per step: nothing worth caching, nothing left behind
                    .rngSeed(config.seed)
                    .saveUpdater(true)
                    .collectTrainingStats(false)
                    .build();
        }
        sparkNet = new SparkDl4jMultiLayer(sc, net, tm);
        if (config.runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING) {
            // before the first fit: DL4J attaches it to each executor's model when it makes that model
            sparkNet.setListeners(new ParameterResync());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopSpark, "cnnlab-spark-stop"));
    }

    /**
     * The gradient-sharing controller's address: {@code CNNLAB_SPARK_CONTROLLER} if set; for a master on
     * this machine's loopback 127.0.0.2 (an executor on the driver's host must not see its own address
     * as the controller's: training then silently stays at chance); else this host's address.
     */
    private String controllerAddress() {
        String given = System.getenv("CNNLAB_SPARK_CONTROLLER");
        if (given != null && !given.isBlank()) {
            return given;
        }
        String host = URI.create(masterUrl.replaceFirst("^spark://", "http://")).getHost();
        try {
            if (host == null || InetAddress.getByName(host).isLoopbackAddress()) {
                return "127.0.0.2";
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new SparkTrainingFailed("--spark " + masterUrl + ": unknown host " + host);
        }
    }

    /**
     * The gradient-sharing controller's port: {@code CNNLAB_SPARK_PORT} of this process's environment
     * (DL4J's port supplier reads it there, so it must be set: {@code ./cnnlab} sets 40123 by default).
     */
    private static int controllerPort() {
        String v = System.getenv(PORT_VARIABLE);
        if (v == null || v.isBlank()) {
            throw new SparkTrainingFailed(PORT_VARIABLE + " is not set: gradient sharing on Spark needs the controller's UDP port in"
                    + " the environment (./cnnlab sets 40123; the executors use it + 1)");
        }
        try {
            int port = Integer.parseInt(v.trim());
            if (port > 0 && port < 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SparkTrainingFailed(PORT_VARIABLE + ": expected a UDP port from 1 to 65534, got '" + v + "'");
    }

    /**
     * The executors need this module's classes (the address check runs there): from a jar, Spark ships
     * it to them; from a folder of classes (the tests), the executors, on this machine, read the folder.
     */
    private static void shipOwnCode(SparkConf conf) {
        try {
            java.net.URL where = SparkEpochTrainer.class.getProtectionDomain().getCodeSource().getLocation();
            java.nio.file.Path path = java.nio.file.Path.of(where.toURI());
            if (java.nio.file.Files.isRegularFile(path)) {
                conf.setJars(new String[] {path.toString()});
            } else {
                conf.set("spark.executor.extraClassPath", path.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            LOG.warn("cannot locate the cnnlab-spark classes to ship to the executors: {}", e.toString());
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private synchronized void stopSpark() {
        if (sc != null) {
            try {
                if (sparkNet != null) {
                    sparkNet.getTrainingMaster().deleteTempFiles(sc);
                }
                sc.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping Spark: {}", e.toString());
            }
            sc = null;
        }
        if (watchdog != null) {
            watchdog.close();
        }
    }

    /** Spark training that did not learn, or could not start: one line, exit 2. */
    static final class SparkTrainingFailed extends UserInputException {
        SparkTrainingFailed(String message) {
            super(message);
        }
    }
}
