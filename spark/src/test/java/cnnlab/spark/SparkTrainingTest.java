package cnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.config.ExperimentConfig;
import cnnlab.train.TinyRuns;
import cnnlab.train.TrainingRun;

/**
 * {@code cnnlab train --spark}: a Spark standalone master and two workers on loopback, started from
 * the Maven jars. Parameter averaging trains the bundled sample to within one point of the same config
 * trained in one process. Gradient sharing does not: with {@link ParameterResync} (every executor starts
 * every epoch from the driver's parameters) it reached 80.0% to 90.8% against 91.9%, mostly where DL4J's
 * gradient sharing on one node lands (88.9% to 89.9%); without it 73.2% to 91.3% (docs/parallel.md, "Why gradient
 * sharing stays behind one process"). So the test checks that each executor took the driver's parameters
 * in each epoch, and holds the accuracy to the lowest run with the resync, less 5 points: at least 75%
 * (chance is 10%).
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
    }

    @Test
    void gradientSharingTrainsButBehindOneProcess() throws Exception {
        // A fixed encoding threshold near Adam's step (the learning rate, 0.003): DL4J's adaptive default sends about
        // 1% of the parameters per step and reached 64.7% here (docs/parallel.md).
        ExperimentConfig c = config("sharing", "runtime.sharingThreshold=0.002");
        TrainingRun.Outcome o = TrainingRun.start(c, null, new SparkEpochTrainer(cluster.masterUrl, c));
        assertTrue(o.finished());
        assertEquals(3, o.state().history.size());
        assertTrue(o.state().history.stream().allMatch(m -> Double.isFinite(m.trainLoss()) && m.trainLoss() > 0),
                "the executors' losses reach the driver");
        // ParameterResync: each of the two executors started each epoch from the driver's parameters
        List<String> logs = cluster.executorLogs();
        for (int epoch = 1; epoch <= 3; epoch++) {
            String line = "epoch " + epoch + ": took the driver's parameters";
            assertEquals(2, logs.stream().filter(log -> log.contains(line)).count(), "executors whose log says '" + line + "'");
        }
        // Asynchronous and load-dependent: with the resync, runs here reached 80.0% (at a load average of 12), 82.7%, 86.3%,
        // 88.3%, 88.9%, 88.9%, 89.0%, 90.3% and 90.8% against 91.9% (docs/parallel.md); the floor is the lowest, less 5 points
        assertTrue(o.testAccuracy() >= 0.75, "Spark gradient sharing " + o.testAccuracy() + ", one process " + singleProcess());
    }
}
