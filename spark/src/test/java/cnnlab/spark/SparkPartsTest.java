package cnnlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** The Spark trainer's parts that need no cluster: the address check, the time limit (pieces and the averaged-step scale: the core's AveragedStepTest). */
class SparkPartsTest {

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
