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

import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ConfigTree;
import cnnlab.config.ExperimentConfig;
import cnnlab.train.TrainingRun;

/**
 * {@code cnnlab train --spark}: a Spark standalone master and two workers on loopback, started from
 * the Maven jars. Parameter averaging trains the bundled sample to within one point of the same config
 * trained in one process. Gradient sharing trains (its mesh used to hang here) but does not reach
 * that reliably: 85.8%, 83.7%, 91.3% and 73.2% in four runs against 91.9% (docs/parallel.md, "What stays
 * unsolved"); what it is held to is learning at all: at least 60% (chance is 10%).
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

    /** configs/default.yaml on 2,400 training images, 3 epochs, without dropout. */
    private ExperimentConfig config(String mode, String... extra) {
        List<String> settings = new ArrayList<>(List.of("name=spark-" + mode, "training.epochs=3", "data.trainLimit=2400",
                "data.testLimit=1000", "model.layers[4].dropout=0", "output.plots=false", "output.runsDir=" + dir.resolve("runs"),
                "runtime.parallelMode=" + mode));
        settings.addAll(List.of(extra));
        Path file = Path.of("configs/default.yaml");
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(file));
        ConfigTree.apply(tree, settings, file);
        return ConfigLoader.fromTree(tree, file);
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
        // Asynchronous: not reproducible to the point, and the goal of one point from one process is not met. Runs
        // here reached 83.7%, 85.8%, 87.5%, 91.3% and, in a CI run on a quiet machine, 73.2% (docs/parallel.md); the
        // floor says it learns (chance is 10%), not how well
        assertTrue(o.testAccuracy() >= 0.60, "Spark gradient sharing " + o.testAccuracy() + ", one process " + singleProcess());
    }
}
