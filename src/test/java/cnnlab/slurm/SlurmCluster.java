package cnnlab.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The real, private single-node Slurm that {@code slurm/test/slurm-up.sh} starts on this machine,
 * for the tests that submit the real job scripts. Started once, by the first test class that uses
 * it ({@link Extension}), and stopped with {@code slurm/test/slurm-down.sh} after the last test of
 * the run (or when the JVM exits). Where Slurm is not installed (a laptop) the tests are skipped,
 * with the command that installs it; CI installs it.
 *
 * <p>Every test run gets its own cluster: a new directory ({@code CNNLAB_SLURM_TEST_DIR}, which
 * .ci/run sets, or a fresh {@code /tmp/cnnlab-slurm-test-*}) and two free ports. So test runs of
 * several checkouts on one machine, and a cluster started by hand with {@code slurm-up.sh}
 * (/tmp/cnnlab-slurm, port 6817), leave each other alone. The directory is removed at the end unless
 * a Slurm test failed (then its logs are kept and named).
 */
final class SlurmCluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    /** The checkout: the working directory of the tests. */
    static final Path REPO = Path.of("").toAbsolutePath();

    private static final String[] BINARIES = {"munged", "slurmctld", "slurmd", "slurmdbd", "sacctmgr", "sbatch", "squeue", "scontrol",
        "scancel", "mariadbd", "mariadb-install-db"};

    /** The account that slurm-up.sh creates and alone allows on the test partition. */
    static final String ACCOUNT = "cnnlab_lab";
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    private final Path dir;
    private final int port;
    private final AtomicBoolean down = new AtomicBoolean();

    private SlurmCluster(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling tests where Slurm is not installed or cannot be started (no root). */
    static void assumeAvailable() {
        List<String> missing = new ArrayList<>();
        for (String b : BINARIES) {
            if (which(b) == null) {
                missing.add(b);
            }
        }
        Assumptions.assumeTrue(missing.isEmpty(), "Slurm is not installed (missing " + String.join(", ", missing)
                + "): apt-get install --no-install-recommends slurmctld slurmd slurm-client munge slurmdbd mariadb-server; .ci/run does");
        boolean root = "root".equals(System.getProperty("user.name"));
        Assumptions.assumeTrue(root || run(List.of("sudo", "-n", "true"), REPO, Map.of(), Duration.ofSeconds(10)).exitCode() == 0,
                "the Slurm tests start slurmd and munged, which needs root or password-less sudo");
    }

    /** Starts a cluster (slurm-up.sh) in a new directory, and registers its stop at JVM exit as a fallback. */
    static SlurmCluster start() {
        long t0 = System.nanoTime();
        try {
            String given = System.getenv("CNNLAB_SLURM_TEST_DIR");
            Path dir = given != null && !given.isBlank() ? Files.createDirectories(Path.of(given))
                    : Files.createTempDirectory("cnnlab-slurm-test-");
            SlurmCluster c = new SlurmCluster(dir, freePorts());
            Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "slurm-down"));
            Result up = run(List.of(REPO.resolve("slurm/test/slurm-up.sh").toString()), REPO, c.scriptEnv(), Duration.ofSeconds(180));
            assertEquals(0, up.exitCode(), "slurm-up.sh failed:\n" + up.output());
            System.err.printf("Slurm up in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, up.output().strip());
            return c;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A port p such that p to p + 3 are free now (slurmctld, slurmd, slurmdbd and MariaDB). */
    private static int freePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p < 65532) {
                try (java.net.ServerSocket a = new java.net.ServerSocket(p); java.net.ServerSocket b = new java.net.ServerSocket(p + 1);
                     java.net.ServerSocket c = new java.net.ServerSocket(p + 2); java.net.ServerSocket d = new java.net.ServerSocket(p + 3)) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no four free ports in a row");
    }

    @Override
    public void close() {
        stop();
    }

    /** Cancels every job and stops the daemons (slurm-down.sh); once. Removes the directory unless a test failed. */
    void stop() {
        if (down.compareAndSet(false, true)) {
            boolean keep = FAILED.get();
            List<String> cmd = new ArrayList<>(List.of(REPO.resolve("slurm/test/slurm-down.sh").toString()));
            if (!keep) {
                cmd.add("--purge");
            }
            Result r = run(cmd, REPO, scriptEnv(), Duration.ofSeconds(120));
            if (r.exitCode() != 0) {
                System.err.println("slurm-down.sh: exit " + r.exitCode() + "\n" + r.output());
            }
            if (keep) {
                System.err.println("a Slurm test failed: the cluster's configuration and logs are kept in " + dir);
            }
        }
    }

    /** The environment of every Slurm command and job: this cluster's configuration, and the checkout. */
    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SLURM_CONF", dir.resolve("slurm.conf").toString());
        env.put("CNNLAB_HOME", REPO.toString());
        // The jobs run the launcher on the classes this test run compiled, instead of building a jar in
        // the middle of `mvn test`.
        env.put("CNNLAB_CLASSPATH", System.getProperty("java.class.path"));
        // The test cluster refuses jobs without an account (as Torch does): this is the one it has.
        env.put("SBATCH_ACCOUNT", ACCOUNT);
        // No site unless a test names one: the test cluster is detected as 'generic'.
        env.put("CNNLAB_SITE", "");
        return env;
    }

    /** As {@link #command}, without the variables named in {@code unset} (e.g. SBATCH_ACCOUNT). */
    Result commandWithout(Path dir, java.util.Set<String> unset, Map<String, String> extra, String... command) {
        Map<String, String> env = env();
        env.putAll(extra);
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().keySet().removeAll(unset);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), List.of(command) + ": no answer within 120 s");
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(127, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Submits with {@code slurm/submit ARGS} from {@code dir}; returns the job id (its first line)
     * and the run id it fixed (from its "run id:" line).
     */
    String[] submit(Path dir, Map<String, String> extra, String... args) {
        List<String> cmd = new ArrayList<>(List.of(REPO.resolve("slurm/submit").toString()));
        cmd.addAll(List.of(args));
        Result r = command(dir, extra, cmd.toArray(new String[0]));
        assertEquals(0, r.exitCode(), "slurm/submit failed: " + r.output());
        String job = r.output().lines().filter(l -> l.matches("\\d+")).findFirst().orElseThrow(() -> new AssertionError(r.output()));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("run id: +(\\S+)").matcher(r.output());
        assertTrue(m.find(), r.output());
        return new String[] {job, m.group(1)};
    }

    /** Runs a command in {@code dir} with this cluster's environment plus {@code extra}. */
    Result command(Path dir, Map<String, String> extra, String... command) {
        Map<String, String> env = env();
        env.putAll(extra);
        return run(List.of(command), dir, env, Duration.ofSeconds(120));
    }

    /** Submits with {@code sbatch --parsable ARGS} from {@code dir} and returns the job id. */
    String sbatch(Path dir, Map<String, String> extra, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(List.of(args));
        Result r = command(dir, extra, cmd.toArray(new String[0]));
        assertEquals(0, r.exitCode(), "sbatch failed: " + r.output());
        return jobId(r.output());
    }

    /** The job id in what {@code sbatch --parsable} printed ({@code ID} or {@code ID;cluster}). */
    static String jobId(String parsable) {
        String line = parsable.strip().lines().reduce((a, b) -> b).orElse("");
        String id = line.split(";")[0].strip();
        assertTrue(id.matches("\\d+"), "no job id in: " + parsable);
        return id;
    }

    /**
     * Waits until the job (every task of an array) has left the queue, polling squeue (sbatch --wait
     * polls only every 10 s), and returns the records {@code scontrol show job} keeps (MinJobAge).
     */
    List<Map<String, String>> awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Result q = command(REPO, Map.of(), "squeue", "-h", "-j", jobId, "-o", "%i %T");
            if (q.exitCode() != 0 || q.output().isBlank()) {
                return show(jobId);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " still queued after " + timeout + ":\n" + q.output() + "\n" + show(jobId));
            }
            Thread.sleep(300);
        }
    }

    /** {@code scontrol show job -o ID}: one map of fields per job (per task for an array). */
    List<Map<String, String>> show(String jobId) {
        Result r = command(REPO, Map.of(), "scontrol", "show", "job", "-o", jobId);
        assertEquals(0, r.exitCode(), r.output());
        List<Map<String, String>> jobs = new ArrayList<>();
        for (String line : r.output().strip().split("\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String token : line.strip().split(" ")) {
                int eq = token.indexOf('=');
                if (eq > 0) {
                    fields.put(token.substring(0, eq), token.substring(eq + 1));
                }
            }
            jobs.add(fields);
        }
        return jobs;
    }

    /** Waits until {@code file} exists and contains {@code text}; returns its content. */
    static String awaitText(Path file, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String s = Files.readString(file);
                if (s.contains(text)) {
                    return s;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + file + " within " + timeout
                + (Files.exists(file) ? ":\n" + Files.readString(file) : " (no such file)"));
    }

    /** The output of a command and its exit code. */
    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Path out = Files.createTempFile("cnnlab-slurm-cmd", ".out");
            try {
                pb.redirectOutput(out.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + ": no answer within " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(127, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Map<String, String> scriptEnv() {
        return Map.of("CNNLAB_SLURM_DIR", dir.toString(), "CNNLAB_SLURM_PORT", Integer.toString(port));
    }

    private static Path which(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, binary);
            if (!d.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Brings the cluster up before a test class (or skips it where Slurm is missing) and hands it to
     * test methods as a parameter; it is stopped after the last test of the run.
     */
    static final class Extension implements BeforeAllCallback, ParameterResolver, TestWatcher {

        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SlurmCluster.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            assumeAvailable();
            cluster(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SlurmCluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return cluster(context);
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            FAILED.set(true);
        }

        private static SlurmCluster cluster(ExtensionContext context) {
            return context.getRoot().getStore(NS).getOrComputeIfAbsent(SlurmCluster.class, k -> start(), SlurmCluster.class);
        }
    }
}
