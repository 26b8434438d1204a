package cnnlab.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run ran: the ND4J backend and its native settings (BLAS vendor, OpenMP threads), versions,
 * Java, operating system, CPU model and cores, memory, host, Slurm job and git commit. Saved as
 * {@code environment.json} in every run so that numbers can be compared fairly later.
 */
public final class EnvironmentInfo {

    /** DL4J, ND4J and DataVec version this build uses. */
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    private EnvironmentInfo() {
    }

    /** Collects the facts; never fails (a fact that cannot be read is "unknown"). */
    public static Map<String, Object> collect() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        env.put("dl4jVersion", DL4J_VERSION);
        env.put("nd4jVersion", DL4J_VERSION);
        Map<String, Object> nd4j = new LinkedHashMap<>();
        try {
            Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
            p.stringPropertyNames().stream().sorted().forEach(k -> nd4j.put(k, p.getProperty(k)));
        } catch (RuntimeException e) {
            nd4j.put("error", e.toString());
        }
        env.put("nd4j", nd4j);
        env.put("dataType", Nd4j.dataType().toString());
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        env.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        env.put("host", host());
        env.put("slurmJobId", System.getenv().getOrDefault("SLURM_JOB_ID", ""));
        env.put("gitCommit", gitCommit());
        return env;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The commit of the cnnlab checkout, with "+dirty" if it has uncommitted changes; "unknown" outside git. */
    static String gitCommit() {
        Path home = Path.of(System.getProperty("cnnlab.home", "."));
        try {
            String commit = run(home, "git", "rev-parse", "HEAD");
            if (commit.isEmpty()) {
                return "unknown";
            }
            String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
            return commit + (status.isEmpty() ? "" : "+dirty");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return "";
        }
        return out;
    }
}
