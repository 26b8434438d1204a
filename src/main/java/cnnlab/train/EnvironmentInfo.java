package cnnlab.train;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.RuntimeConfig;
import cnnlab.model.NetworkFactory;

/**
 * Where a run ran: the ND4J backend and its devices (GPU name and memory with CUDA), its native
 * settings (BLAS vendor, OpenMP threads), DL4J's workspace mode, versions, Java, operating system,
 * CPU model and cores, memory, host, the Slurm job and git commit. Saved as {@code environment.json}
 * in every run so that numbers can be compared fairly later, and printed by {@code cnnlab info}.
 *
 * <p>The GPU facts come from ND4J's own environment report ({@code getEnvironmentInformation()}: on
 * CUDA it lists every device under {@value #CUDA_DEVICES}), so the CPU build compiles and runs
 * without any CUDA class.
 */
public final class EnvironmentInfo {

    /** DL4J, ND4J and DataVec version this build uses. */
    public static final String DL4J_VERSION = "1.0.0-M2.1";

    /** The key of ND4J's CUDA executioner under which it lists the devices: one map per device. */
    static final String CUDA_DEVICES = "cuda.devicesInformation";

    /** Slurm's variables worth keeping, and the names they get in environment.json. */
    private static final String[][] SLURM = {
        {"SLURM_JOB_ID", "jobId"}, {"SLURM_JOB_NAME", "jobName"}, {"SLURM_ARRAY_JOB_ID", "arrayJobId"},
        {"SLURM_ARRAY_TASK_ID", "arrayTaskId"}, {"SLURM_RESTART_COUNT", "restartCount"}, {"SLURM_JOB_PARTITION", "partition"},
        {"SLURM_JOB_NODELIST", "nodes"}, {"SLURM_CPUS_PER_TASK", "cpusPerTask"}, {"SLURM_MEM_PER_NODE", "memoryMb"},
        {"SLURM_JOB_GPUS", "gpus"}, {"SLURM_CLUSTER_NAME", "cluster"},
    };

    private EnvironmentInfo() {
    }

    /**
     * Collects the facts; never fails (a fact that cannot be read is "unknown"). Starts ND4J if it has
     * not been started; when the backend cannot start here, says why under {@code backendError}.
     */
    public static Map<String, Object> collect() {
        Map<String, Object> env = new LinkedHashMap<>();
        RuntimeConfig.Backend backend = Backend.built();
        env.put("backend", Backend.name(backend));
        env.put("cnnlabVersion", cnnlabVersion());
        env.put("dl4jVersion", DL4J_VERSION);
        env.put("nd4jVersion", DL4J_VERSION);
        env.put("javacppVersion", javacppVersion());
        String problem = null;
        try {
            Backend.start();
        } catch (Backend.Unavailable e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            env.put("nd4jBackend", Nd4j.getBackend().getClass().getSimpleName());
            Properties p = nd4jProperties();
            env.put("devices", backend == RuntimeConfig.Backend.CUDA ? cudaDevices(p.get(CUDA_DEVICES)) : List.of());
            env.put("blasVendor", String.valueOf(p.getOrDefault("blas.vendor", "unknown")));
            env.put("ompThreads", p.getOrDefault("omp.threads", Nd4j.getEnvironment().maxThreads()));
            env.put("dataType", Nd4j.dataType().toString());
            env.put("nd4j", plain(p));
        } else {
            env.put("backendError", problem);
            env.put("devices", List.of());
        }
        Map<String, Object> workspaces = new LinkedHashMap<>();
        workspaces.put("training", NetworkFactory.WORKSPACE_MODE.name());
        workspaces.put("inference", NetworkFactory.WORKSPACE_MODE.name());
        env.put("workspaceMode", workspaces);
        env.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        env.put("cudaVisibleDevices", System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "unset"));
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        env.put("host", host());
        env.put("slurmJobId", System.getenv().getOrDefault("SLURM_JOB_ID", ""));
        env.put("slurm", slurm(System.getenv()));
        // The cluster site the job scripts picked (slurm/site.sh exports it); empty outside them.
        env.put("site", System.getenv().getOrDefault("CNNLAB_SITE", ""));
        env.put("gitCommit", gitCommit());
        return env;
    }

    /**
     * The devices in ND4J's CUDA report, as {@code index, name, computeCapability, totalMemoryBytes,
     * freeMemoryBytes}; {@code info} is the value under {@value #CUDA_DEVICES} (a list of maps with the
     * keys {@code cuda.deviceName}, {@code cuda.deviceMajor}, {@code cuda.deviceMinor},
     * {@code cuda.totalMemory}, {@code cuda.freeMemory}). Anything else gives an empty list.
     */
    static List<Map<String, Object>> cudaDevices(Object info) {
        List<Map<String, Object>> devices = new ArrayList<>();
        if (!(info instanceof List<?> list)) {
            return devices;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> d)) {
                continue;
            }
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("index", devices.size());
            device.put("name", String.valueOf(d.get("cuda.deviceName")));
            device.put("computeCapability", d.get("cuda.deviceMajor") + "." + d.get("cuda.deviceMinor"));
            device.put("totalMemoryBytes", number(d.get("cuda.totalMemory")));
            device.put("freeMemoryBytes", number(d.get("cuda.freeMemory")));
            devices.add(device);
        }
        return devices;
    }

    /** The Slurm job this runs in, from its environment variables; empty outside Slurm. */
    static Map<String, Object> slurm(Map<String, String> environment) {
        Map<String, Object> slurm = new LinkedHashMap<>();
        for (String[] v : SLURM) {
            String value = environment.get(v[0]);
            if (value != null && !value.isEmpty()) {
                slurm.put(v[1], value);
            }
        }
        return slurm;
    }

    /** The facts as {@code cnnlab info} prints them: one aligned line each. */
    public static String describe(Map<String, Object> env) {
        StringBuilder sb = new StringBuilder();
        line(sb, "cnnlab", env.get("cnnlabVersion") + " (DL4J " + env.get("dl4jVersion") + ", ND4J " + env.get("nd4jVersion")
                + ", JavaCPP " + env.get("javacppVersion") + ")");
        boolean cuda = "cuda".equals(env.get("backend"));
        line(sb, "backend", env.get("backend") + (env.containsKey("nd4jBackend") ? " (ND4J " + env.get("nd4jBackend") + ")" : "")
                + (cuda ? ", CUDA 11.6" : ""));
        if (env.containsKey("backendError")) {
            line(sb, "problem", env.get("backendError"));
        }
        List<?> devices = env.get("devices") instanceof List<?> l ? l : List.of();
        if (devices.isEmpty()) {
            line(sb, "devices", cuda ? "no GPU visible (CUDA_VISIBLE_DEVICES=" + env.get("cudaVisibleDevices") + ")"
                    : "CPU only: " + env.get("cores") + " cores, " + env.get("cpu"));
        }
        for (Object o : devices) {
            Map<?, ?> d = (Map<?, ?>) o;
            line(sb, "device " + d.get("index"), String.format(Locale.ROOT, "%s, compute capability %s, %s memory (%s free)",
                    d.get("name"), d.get("computeCapability"), gb(d.get("totalMemoryBytes")), gb(d.get("freeMemoryBytes"))));
        }
        if (cuda) {
            line(sb, "CUDA devices", "CUDA_VISIBLE_DEVICES=" + env.get("cudaVisibleDevices"));
        }
        if (env.containsKey("blasVendor")) {
            line(sb, "BLAS", env.get("blasVendor"));
            line(sb, "threads", "ND4J/OpenMP " + env.get("ompThreads") + " (OMP_NUM_THREADS=" + env.get("ompNumThreads") + ")");
            line(sb, "data type", env.get("dataType"));
        }
        Map<?, ?> ws = (Map<?, ?>) env.getOrDefault("workspaceMode", Map.of());
        line(sb, "workspaces", "training " + ws.get("training") + ", inference " + ws.get("inference"));
        line(sb, "java", env.get("java") + ", max heap " + gb(env.get("maxHeapBytes")));
        line(sb, "os", env.get("os") + " on " + env.get("host"));
        Map<?, ?> slurm = (Map<?, ?>) env.getOrDefault("slurm", Map.of());
        line(sb, "slurm", slurm.isEmpty() ? "not in a Slurm job" : slurmLine(slurm));
        if (env.get("site") instanceof String site && !site.isEmpty()) {
            line(sb, "site", site + " (slurm/sites/" + site + ")");
        }
        line(sb, "git", env.get("gitCommit"));
        return sb.toString();
    }

    private static String slurmLine(Map<?, ?> s) {
        StringBuilder sb = new StringBuilder("job " + s.get("jobId"));
        if (s.containsKey("arrayJobId")) {
            sb.append(" (array task ").append(s.get("arrayJobId")).append('_').append(s.get("arrayTaskId")).append(')');
        }
        if (s.containsKey("jobName")) {
            sb.append(" '").append(s.get("jobName")).append('\'');
        }
        sb.append(", restart ").append(s.containsKey("restartCount") ? s.get("restartCount") : "0");
        if (s.containsKey("nodes")) {
            sb.append(", node ").append(s.get("nodes"));
        }
        if (s.containsKey("cpusPerTask")) {
            sb.append(", ").append(s.get("cpusPerTask")).append(" CPUs");
        }
        if (s.containsKey("gpus")) {
            sb.append(", GPUs ").append(s.get("gpus"));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "%-13s %s%n", key, value));
    }

    private static String gb(Object bytes) {
        return bytes instanceof Number n ? String.format(Locale.ROOT, "%.1f GB", n.doubleValue() / (1L << 30)) : "unknown";
    }

    private static Object number(Object o) {
        return o instanceof Number ? o : "unknown";
    }

    private static Properties nd4jProperties() {
        try {
            return Nd4j.getExecutioner().getEnvironmentInformation();
        } catch (RuntimeException e) {
            Properties p = new Properties();
            p.put("error", e.toString());
            return p;
        }
    }

    /** ND4J's report as sorted plain values (the device list is reported separately, bandwidth counters left out). */
    private static Map<String, Object> plain(Properties p) {
        Map<String, Object> out = new TreeMap<>();
        p.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!key.equals(CUDA_DEVICES) && !key.equals("memoryBandwidth")) {
                out.put(key, v instanceof Number || v instanceof Boolean ? v : String.valueOf(v));
            }
        });
        return out;
    }

    private static String cnnlabVersion() {
        String v = EnvironmentInfo.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    private static String javacppVersion() {
        try {
            String v = org.bytedeco.javacpp.Loader.getVersion();
            return v == null ? "unknown" : v;
        } catch (IOException | RuntimeException | LinkageError e) {
            return "unknown";
        }
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
