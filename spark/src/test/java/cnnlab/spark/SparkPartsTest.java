package cnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The Spark trainer's parts that need no cluster: pieces, the averaged-step scale, the address check, the time limit. */
class SparkPartsTest {

    @Test
    void aMinibatchIsCutIntoConsecutivePiecesOfNearlyEqualSize() {
        INDArray features = Nd4j.arange(0, 9).reshape(9, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        DataSet ds = new DataSet(features, features.dup());
        List<DataSet> pieces = SparkEpochTrainer.pieces(ds, 2);
        assertEquals(2, pieces.size());
        assertEquals(4, pieces.get(0).numExamples());
        assertEquals(5, pieces.get(1).numExamples());
        assertEquals(0f, pieces.get(0).getFeatures().getFloat(0), 0);
        assertEquals(4f, pieces.get(1).getFeatures().getFloat(0), 0);
        assertEquals(8f, pieces.get(1).getFeatures().getFloat(4), 0);
        assertEquals(2, SparkEpochTrainer.pieces(new DataSet(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))), 8).size(), "no empty pieces");
    }

    private static MultiLayerNetwork net(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void adamsRateAndScheduleAreScaledBySqrtOfThePiecesWhileTrainingAndPutBack() {
        MultiLayerNetwork net = net(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.003, 0.7)));
        double before = net.getLearningRate(0);
        try (AveragedStepScale scale = AveragedStepScale.apply(net, 2)) {
            assertEquals(Math.sqrt(2), scale.factor(), 1e-12);
            assertEquals(0.003 * Math.sqrt(2), net.getLearningRate(0), 1e-12);
            net.setEpochCount(1);
            assertEquals(0.003 * 0.7 * Math.sqrt(2), net.getLearningRate(1), 1e-12, "the schedule scaled too");
            net.setEpochCount(0);
        }
        assertEquals(before, net.getLearningRate(0), 0);
        assertEquals(0.003, net.getLearningRate(1), 1e-12);
    }

    @Test
    void sgdAveragesExactlyAndIsNotScaled() {
        MultiLayerNetwork net = net(new Sgd(0.1));
        try (AveragedStepScale scale = AveragedStepScale.apply(net, 4)) {
            assertEquals(1, scale.factor(), 0);
            assertEquals(0.1, net.getLearningRate(0), 1e-12);
        }
    }

    @Test
    void executorsTheMeshCannotTellApartAreNamed() {
        String[] ok1 = {"0", "node1", "10.0.0.1", "40124"};
        String[] ok2 = {"1", "node2", "10.0.0.2", "40124"};
        assertTrue(ExecutorAddresses.problems(List.of(ok1, ok2), "10.0.0.1", 40123).isEmpty());
        List<String> none = ExecutorAddresses.problems(List.<String[]>of(new String[] {"0", "node1", "", "40124"}), "10.0.0.1", 40123);
        assertEquals(List.of("executor 0 on node1 has no DL4J_VOID_IP (DL4J would call it 127.0.0.1)"), none);
        List<String> twice = ExecutorAddresses.problems(List.of(ok1, new String[] {"1", "node1", "10.0.0.1", "40124"}), "10.0.0.1", 40123);
        assertEquals(List.of("executor 1 on node1 and executor 0 on node1 are both 10.0.0.1:40124"), twice);
        List<String> controller = ExecutorAddresses.problems(List.<String[]>of(new String[] {"0", "node1", "10.0.0.1", "40123"}),
                "10.0.0.1", 40123);
        assertEquals(List.of("executor 0 on node1 and the controller (the driver) are both 10.0.0.1:40123"), controller);
    }

    @Test
    void aSparkCallThatMakesNoProgressEndsWithOneLineAfterTheTimeLimit() {
        SparkConf conf = new SparkConf().setMaster("local[1]").setAppName("watchdog test").set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            SparkWatchdog watchdog = new SparkWatchdog(sc, "local[1]", 2, 10);
            long t0 = System.nanoTime();
            SparkEpochTrainer.SparkTrainingFailed e = assertThrows(SparkEpochTrainer.SparkTrainingFailed.class,
                    () -> watchdog.run("minibatch 7", () -> sc.parallelize(List.of(1), 1).map(SparkPartsTest::sleepForever).count()));
            assertEquals("--spark local[1]: minibatch 7 made no progress within 2 s (CNNLAB_SPARK_TIMEOUT); stopped (the last"
                    + " checkpoint stays: resume with --resume; executor logs in the Spark workers' work folders)", e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(System.nanoTime() - t0 < 60e9, "cancelled, not waited out");
            watchdog.run("a quick call", () -> assertEquals(3, sc.parallelize(List.of(1, 2, 3)).count()));
            watchdog.close();
        }
    }

    private static int sleepForever(int x) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
        return x;
    }
}
