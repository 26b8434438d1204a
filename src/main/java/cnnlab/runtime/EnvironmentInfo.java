package cnnlab.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.RuntimeConfig;
import cnnlab.model.LayerThreads;
import cnnlab.model.NetworkFactory;
import cnnlab.records.Environment;
import cnnlab.records.RunJson;

/**
 * Where a run ran: the ND4J backend and its devices (GPU name and memory with CUDA), its native
 * settings (BLAS vendor, OpenMP threads), DL4J's workspace mode, versions, Java, operating system,
 * CPU model and cores, memory, host, the Slurm job and git commit. Saved as {@code environment.json}
 * in every run so that numbers can be compared fairly later (the record {@link Environment}), and
 * printed by {@code cnnlab info}. Versions come from the build ({@link BuildInfo}).
 *
 * <p>The GPU facts come from ND4J's own environment report ({@code getEnvironmentInformation()}: on
 * CUDA it lists every device under {@value #CUDA_DEVICES}), so the CPU build compiles and runs
 * without any CUDA class.
 */
public final class EnvironmentInfo {

    /** The key of ND4J's CUDA executioner under which it lists the devices: one map per device. */
    static final String CUDA_DEVICES = "cuda.devicesInformation";

    /** How long {@code git} may take to say the commit before it counts as unknown. */
    static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);

    private EnvironmentInfo() {
    }

    /**
     * Collects the facts; never fails (a fact that cannot be read is "unknown"). Starts ND4J if it has
     * not been started; when the backend cannot start here, says why in {@link Environment#backendError()}.
     */
    public static Environment collect() {
        RuntimeConfig.Backend backend = Backend.built();
        BuildInfo build = BuildInfo.get();
        String problem = null;
        try {
            Backend.start();
        } catch (Backend.Unavailable e) {
            problem = e.getMessage();
        }
        String nd4jBackend = null;
        List<Environment.Device> devices = List.of();
        String blas = null;
        Integer omp = null;
        String dataType = null;
        Map<String, Object> nd4j = null;
        if (problem == null) {
            nd4jBackend = Nd4j.getBackend().getClass().getSimpleName();
            Properties p = nd4jProperties();
            devices = backend == RuntimeConfig.Backend.CUDA ? cudaDevices(p.get(CUDA_DEVICES)) : List.of();
            blas = String.valueOf(p.getOrDefault("blas.vendor", "unknown"));
            omp = p.get("omp.threads") instanceof Number n ? n.intValue() : Nd4j.getEnvironment().maxThreads();
            dataType = Nd4j.dataType().toString();
            nd4j = plain(p);
        }
        String workspaces = NetworkFactory.WORKSPACE_MODE.name();
        Map<String, String> variables = System.getenv();
        return new Environment(RunJson.SCHEMA_VERSION, Backend.name(backend), build.cnnlab(), build.dl4j(), build.nd4j(),
                backend == RuntimeConfig.Backend.CUDA ? build.cuda() : null, javacppVersion(), nd4jBackend, problem, devices, blas,
                omp, dataType, nd4j, new Environment.Workspaces(workspaces, workspaces),
                variables.getOrDefault("OMP_NUM_THREADS", "unset"), LayerThreads.count(),
                variables.getOrDefault("OPENBLAS_CORETYPE", "unset"), variables.getOrDefault("CUDA_VISIBLE_DEVICES", "unset"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                cpuModel(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                Pointer.maxBytes(), Pointer.maxPhysicalBytes(), host(),
                variables.getOrDefault("SLURM_JOB_ID", ""), Environment.SlurmJob.of(variables),
                // The cluster site the job scripts picked (slurm/site.sh exports it); empty outside them.
                variables.getOrDefault("CNNLAB_SITE", ""), gitCommit());
    }

    /**
     * The devices in ND4J's CUDA report; {@code info} is the value under {@value #CUDA_DEVICES} (a list
     * of maps with the keys {@code cuda.deviceName}, {@code cuda.deviceMajor}, {@code cuda.deviceMinor},
     * {@code cuda.totalMemory}, {@code cuda.freeMemory}). Anything else gives an empty list.
     */
    static List<Environment.Device> cudaDevices(Object info) {
        List<Environment.Device> devices = new ArrayList<>();
        if (!(info instanceof List<?> list)) {
            return devices;
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> d)) {
                continue;
            }
            devices.add(new Environment.Device(devices.size(), String.valueOf(d.get("cuda.deviceName")),
                    d.get("cuda.deviceMajor") + "." + d.get("cuda.deviceMinor"), bytes(d.get("cuda.totalMemory")),
                    bytes(d.get("cuda.freeMemory"))));
        }
        return devices;
    }

    /** The facts as {@code cnnlab info} prints them: one aligned line each. */
    public static String describe(Environment env) {
        StringBuilder sb = new StringBuilder();
        line(sb, "cnnlab", env.cnnlabVersion() + " (DL4J " + env.dl4jVersion() + ", ND4J " + env.nd4jVersion()
                + ", JavaCPP " + env.javacppVersion() + ")");
        boolean cuda = env.cuda();
        line(sb, "backend", env.backend() + (env.nd4jBackend() != null ? " (ND4J " + env.nd4jBackend() + ")" : "")
                + (cuda ? ", CUDA " + env.cudaVersion() : ""));
        if (env.backendError() != null) {
            line(sb, "problem", env.backendError());
        }
        if (env.devices().isEmpty()) {
            line(sb, "devices", cuda ? "no GPU visible (CUDA_VISIBLE_DEVICES=" + env.cudaVisibleDevices() + ")"
                    : "CPU only: " + env.cores() + " cores, " + env.cpu());
        }
        for (Environment.Device d : env.devices()) {
            line(sb, "device " + d.index(), String.format(Locale.ROOT, "%s, compute capability %s, %s memory (%s free)",
                    d.name(), d.computeCapability(), gb(d.totalMemoryBytes()), gb(d.freeMemoryBytes())));
        }
        if (cuda) {
            line(sb, "CUDA devices", "CUDA_VISIBLE_DEVICES=" + env.cudaVisibleDevices());
        }
        if (env.blasVendor() != null) {
            line(sb, "BLAS", env.blasVendor());
            line(sb, "threads", "ND4J/OpenMP " + env.ompThreads() + " (OMP_NUM_THREADS=" + env.ompNumThreads() + ")"
                    + (env.layerThreads() == null ? "" : ", cnnlab's fast layers " + env.layerThreads())
                    + (env.openblasCoretype() == null || "unset".equals(env.openblasCoretype()) ? ""
                            : ", OPENBLAS_CORETYPE=" + env.openblasCoretype()));
            line(sb, "data type", env.dataType());
        }
        Environment.Workspaces ws = env.workspaceMode();
        line(sb, "workspaces", "training " + (ws == null ? null : ws.training()) + ", inference " + (ws == null ? null : ws.inference()));
        line(sb, "java", env.java() + ", max heap " + gb(env.maxHeapBytes()));
        if (env.javacppMaxBytes() != null) {
            Long physical = env.javacppMaxPhysicalBytes();
            line(sb, "off-heap", "ND4J's memory up to " + gb(env.javacppMaxBytes()) + " (org.bytedeco.javacpp.maxbytes), process "
                    + (physical == null || physical <= 0 ? "unchecked" : "up to " + gb(physical)) + " (org.bytedeco.javacpp.maxphysicalbytes)");
        }
        line(sb, "os", env.os() + " on " + env.host());
        Environment.SlurmJob slurm = env.slurm();
        line(sb, "slurm", slurm == null || slurm.none() ? "not in a Slurm job" : slurmLine(slurm));
        if (env.site() != null && !env.site().isEmpty()) {
            line(sb, "site", env.site() + " (slurm/sites/" + env.site() + ")");
        }
        line(sb, "git", env.gitCommit());
        return sb.toString();
    }

    private static String slurmLine(Environment.SlurmJob s) {
        StringBuilder sb = new StringBuilder("job " + s.jobId());
        if (s.arrayJobId() != null) {
            sb.append(" (array task ").append(s.arrayJobId()).append('_').append(s.arrayTaskId()).append(')');
        }
        if (s.jobName() != null) {
            sb.append(" '").append(s.jobName()).append('\'');
        }
        sb.append(", restart ").append(s.restartCount() != null ? s.restartCount() : "0");
        if (s.nodes() != null) {
            sb.append(", node ").append(s.nodes());
        }
        if (s.cpusPerTask() != null) {
            sb.append(", ").append(s.cpusPerTask()).append(" CPUs");
        }
        if (s.gpus() != null) {
            sb.append(", GPUs ").append(s.gpus());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, Object value) {
        sb.append(String.format(Locale.ROOT, "%-13s %s%n", key, value));
    }

    private static String gb(Long bytes) {
        return bytes != null ? String.format(Locale.ROOT, "%.1f GB", bytes.doubleValue() / (1L << 30)) : "unknown";
    }

    private static Long bytes(Object o) {
        return o instanceof Number n ? n.longValue() : null;
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
            String commit = run(home, GIT_TIMEOUT, "git", "rev-parse", "HEAD");
            if (commit.isEmpty()) {
                return "unknown";
            }
            String status = run(home, GIT_TIMEOUT, "git", "status", "--porcelain", "--untracked-files=no");
            return commit + (status.isEmpty() ? "" : "+dirty");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * Runs {@code command} in {@code dir} and returns its output (trimmed), or "" when it fails or takes
     * longer than {@code timeout} (then it is killed). The output goes to a temporary file, not a pipe,
     * so that waiting with the timeout starts at once: reading a pipe to its end would wait for as long
     * as the command (or a child that keeps the pipe open) runs, and the timeout would never apply.
     */
    static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cnnlab-command", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "";
            }
            return p.exitValue() == 0 ? Files.readString(output).trim() : "";
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
