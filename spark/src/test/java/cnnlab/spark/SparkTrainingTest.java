package cnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.train.Checkpoints;
import cnnlab.train.TinyRuns;
import cnnlab.train.TrainingRun;

/**
 * {@code cnnlab train --spark}: a Spark standalone master and two workers on loopback, started from
 * the Maven jars. Parameter averaging trains the bundled sample (2,400 images, 3 epochs) to within one
 * point of the same config trained in one process, and its checkpoints keep the optimizer state.
 * Gradient sharing is asynchronous and quantised: on that short setting it stayed 1 to 12 points
 * behind even with {@link ParameterResync}; on the README's run itself (configs/default.yaml, the whole
 * sample, 8 epochs), each minibatch cut into one piece per executor, eleven runs were 0.29 points
 * ahead to 0.65 behind (with whole minibatches per executor, as before: 0.30 to 1.30 behind in
 * fourteen; docs/parallel.md, "On the README's run"). So the sharing test trains the README's run both ways, checks that each executor
 * took the driver's parameters in each epoch, and holds sharing to within one point of one process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTrainingTest {

    @TempDir
    static Path dir;

    private SparkStandalone cluster;
    private double single = Double.NaN;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new SparkStandalone(dir, 2);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** configs/default.yaml on 2,400 training images, 3 epochs, without dropout ({@link TinyRuns#sample2400}). */
    private ExperimentConfig config(String mode, String... extra) {
        List<String> settings = new ArrayList<>(List.of("runtime.parallelMode=" + mode));
        settings.addAll(List.of(extra));
        return TinyRuns.sample2400(dir.resolve("runs"), "spark-" + mode, settings.toArray(String[]::new));
    }

    private double singleProcess() throws Exception {
        if (Double.isNaN(single)) {
            single = TrainingRun.start(config("averaging"), null).testAccuracy();
        }
        return single;
    }

    @Test
    void parameterAveragingTrainsAsOneProcessDoes() throws Exception {
        ExperimentConfig c = config("averaging");
        TrainingRun.Outcome o = TrainingRun.start(c, null, new SparkEpochTrainer(cluster.masterUrl, c));
        assertTrue(o.finished());
        assertTrue(Files.isRegularFile(o.dir().model()));
        double one = singleProcess();
        assertTrue(Math.abs(o.testAccuracy() - one) <= 0.01, "Spark " + o.testAccuracy() + ", one process " + one);
        assertEquals(3, o.state().history.size());
        // the driver's network holds the averaged optimizer state, and its checkpoints keep it (Adam's moments)
        Checkpoints.Saved last = new Checkpoints(o.dir().checkpoints(), 10).latest().orElseThrow();
        MultiLayerNetwork saved = Checkpoints.restore(last.model(), RuntimeConfig.FastConvolution.AUTO);
        assertTrue(saved.getUpdater().getStateViewArray().norm2Number().doubleValue() > 0, "Adam's moments were saved");
    }

    @Test
    void gradientSharingTrainsTheReadmeRunWithinOnePointOfOneProcess() throws Exception {
        // The README's run itself: on the short setting above gradient sharing stayed 1 to 12 points behind (still
        // learning fast after 3 epochs, where quantised, late updates cost most; measured with whole minibatches per
        // executor, before the pieces). A fixed encoding threshold near
        // Adam's step (the learning rate, 0.003): DL4J's adaptive default sends about 1% of the parameters per step
        // and reached 64.7% on the short setting (docs/parallel.md). One process ignores the threshold.
        String threshold = "runtime.sharingThreshold=0.002";
        double one = TrainingRun.start(TinyRuns.readme(dir.resolve("runs"), "readme-one", threshold), null).testAccuracy();
        ExperimentConfig c = TinyRuns.readme(dir.resolve("runs"), "readme-sharing", threshold, "runtime.parallelMode=sharing");
        TrainingRun.Outcome o = TrainingRun.start(c, null, new SparkEpochTrainer(cluster.masterUrl, c));
        assertTrue(o.finished());
        int epochs = c.training.epochs;
        assertEquals(epochs, o.state().history.size());
        assertTrue(Files.readString(o.dir().log()).contains("each minibatch of 64 cut into 2 pieces of up to 32"),
                "one process's minibatches, cut into one piece per executor");
        assertTrue(o.state().history.stream().allMatch(m -> Double.isFinite(m.trainLoss()) && m.trainLoss() > 0),
                "the executors' losses reach the driver");
        // ParameterResync: each of the two executors started each epoch from the driver's parameters
        List<String> logs = cluster.executorLogs();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            String line = "epoch " + epoch + ": took the driver's parameters";
            assertEquals(2, logs.stream().filter(log -> log.contains(line)).count(), "executors whose log says '" + line + "'");
        }
        // Asynchronous, so not exactly one process's: eleven runs were 0.29 points ahead to 0.65 behind (docs/parallel.md)
        assertTrue(o.testAccuracy() >= one - 0.01, "Spark gradient sharing " + o.testAccuracy() + ", one process " + one);
    }
}
