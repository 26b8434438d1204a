package cnnlab.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Checks, before gradient sharing starts, that DL4J's parameter-server mesh can tell the executors
 * apart. DL4J's executors take their own address from {@code DL4J_VOID_IP} (else a network mask,
 * else 127.0.0.1) and their port from the port supplier; the mesh knows a node only by
 * {@code address:port}. Two executors with the same pair (several on one host, or none with
 * {@code DL4J_VOID_IP}: all are then 127.0.0.1) look like one node reconnecting: the controller
 * "remaps" it, asks the mesh for the updater state with no other node to ask, and DL4J's
 * transport fails in {@code BaseTransport.getRandomDownstreamFrom} (IndexOutOfBoundsException) while
 * the epoch waits for ever. An executor with the controller's pair makes training silently stay at
 * chance. Both were seen here (docs/parallel.md); this refuses them in one line instead.
 */
final class ExecutorAddresses {

    static final String ADDRESS_VARIABLE = "DL4J_VOID_IP";

    private ExecutorAddresses() {
    }

    /** What each executor says of itself: id, host, DL4J_VOID_IP (or empty), port variable (or empty). */
    private static final class Report implements FlatMapFunction<Iterator<Integer>, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<String> call(Iterator<Integer> ignored) throws UnknownHostException {
            String ip = System.getenv(ADDRESS_VARIABLE);
            String port = System.getenv(SparkEpochTrainer.PORT_VARIABLE);
            return List.of(SparkEnv.get().executorId() + "\t" + InetAddress.getLocalHost().getHostName() + "\t"
                    + (ip == null ? "" : ip.trim()) + "\t" + (port == null ? "" : port.trim())).iterator();
        }
    }

    /** Asks every executor (a few tasks per task slot reach all of them) and throws one line if the mesh could not work. */
    static void check(JavaSparkContext sc, int slots, String controller, int controllerPort) {
        int tasks = Math.max(2, slots * 4);
        List<Integer> numbers = IntStream.range(0, tasks).boxed().collect(Collectors.toList());
        Map<String, String[]> byExecutor = new TreeMap<>();
        for (String line : sc.parallelize(numbers, tasks).mapPartitions(new Report()).collect()) {
            String[] f = line.split("\t", -1);
            byExecutor.put(f[0], f);
        }
        List<String> problems = problems(new ArrayList<>(byExecutor.values()), controller, controllerPort);
        if (!problems.isEmpty()) {
            throw new SparkEpochTrainer.SparkTrainingFailed("gradient sharing cannot start: " + String.join("; ", problems)
                    + ". Start every Spark worker with " + ADDRESS_VARIABLE + "=<an address of its own that the driver reaches>"
                    + " in its environment (slurm/train-spark.sbatch does; docs/parallel.md)");
        }
    }

    /** The problems of the executors' {@code {id, host, address, port}}, in words (none: the mesh can work). */
    static List<String> problems(List<String[]> executors, String controller, int controllerPort) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        seen.put(controller + ":" + controllerPort, "the controller (the driver)");
        for (String[] e : executors) {
            String who = "executor " + e[0] + " on " + e[1];
            if (e[2].isEmpty()) {
                problems.add(who + " has no " + ADDRESS_VARIABLE + " (DL4J would call it 127.0.0.1)");
                continue;
            }
            String node = e[2] + ":" + (e[3].isEmpty() ? "?" : e[3]);
            String other = seen.putIfAbsent(node, who);
            if (other != null) {
                problems.add(who + " and " + other + " are both " + node);
            }
        }
        return problems;
    }
}
