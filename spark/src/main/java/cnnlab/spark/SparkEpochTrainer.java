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
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.train.ImageBatches;
import cnnlab.io.UserInputException;
import cnnlab.train.EpochLoop;
import cnnlab.train.EpochTrainer;

/**
 * One epoch on a Spark cluster: the driver cuts the epoch's minibatches exactly as one process would
 * (seed and epoch decide the order), hands them to Spark as an RDD of one partition per executor
 * core (DL4J's "direct" approach: no shared file system needed), and DL4J's training master trains them: {@code runtime.parallelMode: averaging} with
 * {@link ParameterAveragingTrainingMaster} (each executor fits its minibatches, the driver averages
 * parameters and updater state), {@code sharing} with {@link SharedTrainingMaster} (gradient sharing
 * over Aeron UDP between the executors).
 *
 * <p>An epoch is the unit: a stop signal is honoured at the next epoch boundary, not inside one.
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

    private final String masterUrl;
    private final ExperimentConfig config;
    private JavaSparkContext sc;
    private SparkDl4jMultiLayer sparkNet;
    private INDArray before;

    SparkEpochTrainer(String masterUrl, ExperimentConfig config) {
        this.masterUrl = masterUrl;
        this.config = config;
    }

    @Override
    public EpochLoop.End train(MultiLayerNetwork net, ImageBatches batches, long seed, long iteration, RuntimeConfig runtime,
                               EpochLoop.Listener listener) {
        String stop = listener.stopBefore(iteration);
        if (stop != null) {
            return new EpochLoop.End(iteration, stop);
        }
        List<DataSet> epoch = new ArrayList<>();
        while (batches.hasNext()) {
            epoch.add(batches.next());
        }
        if (epoch.isEmpty()) {
            return new EpochLoop.End(iteration, null);
        }
        start(net);
        sparkNet.setNetwork(net);
        before = net.params().dup();
        JavaRDD<DataSet> rdd = sc.parallelize(epoch, Math.max(1, Math.min(epoch.size(), sc.defaultParallelism())));
        sparkNet.fit(rdd);
        MultiLayerNetwork trained = sparkNet.getNetwork();
        if (trained != net) {
            net.setParams(trained.params());
            if (trained.getUpdater() != null && trained.getUpdater().getStateViewArray() != null
                    && net.getUpdater().getStateViewArray() != null) {
                net.getUpdater().getStateViewArray().assign(trained.getUpdater().getStateViewArray());
            }
        }
        double score = sparkNet.getScore();   // the training master's mean minibatch loss of this epoch
        for (DataSet ds : epoch) {
            listener.fitted(iteration++, ds.numExamples(), score);
        }
        if (net.params().equalsWithEps(before, 0)) {
            throw new SparkTrainingFailed("the parameters did not change in this epoch: the Spark workers trained nothing"
                    + " (check that every executor reached the driver; docs/parallel.md)");
        }
        return new EpochLoop.End(iteration, null);
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
        sc = new JavaSparkContext(conf);
        int batch = config.training.batchSize;
        TrainingMaster<?, ?> tm;
        if (config.runtime.parallelMode == RuntimeConfig.ParallelMode.SHARING) {
            String controller = controllerAddress();
            VoidConfiguration voidConf = VoidConfiguration.builder()
                    .unicastPort(Integer.parseInt(env("CNNLAB_SPARK_PORT", "40123")))
                    .controllerAddress(controller)
                    .build();
            LOG.info("Spark {}: gradient sharing (SharedTrainingMaster), controller {}", masterUrl, controller);
            tm = new SharedTrainingMaster.Builder(voidConf, batch)
                    .batchSizePerWorker(batch)
                    .workersPerNode(1)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .rngSeed(config.seed)
                    .collectTrainingStats(false)
                    .build();
        } else {
            LOG.info("Spark {}: parameter averaging (ParameterAveragingTrainingMaster)", masterUrl);
            tm = new ParameterAveragingTrainingMaster.Builder(batch)
                    .batchSizePerWorker(batch)
                    .averagingFrequency(1)
                    .workerPrefetchNumBatches(0)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .rngSeed(config.seed)
                    .saveUpdater(true)
                    .collectTrainingStats(false)
                    .build();
        }
        sparkNet = new SparkDl4jMultiLayer(sc, net, tm);
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
    }

    /** Spark training that did not learn, or could not start: one line, exit 2. */
    static final class SparkTrainingFailed extends UserInputException {
        SparkTrainingFailed(String message) {
            super(message);
        }
    }
}
