package cnnlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cnnlab.records.Environment;
import cnnlab.records.RunJson;

/**
 * environment.json and {@code cnnlab info}: the facts of this CPU build, and the GPU part as it would
 * be on a CUDA build, from a report shaped as ND4J's CUDA executioner writes it (no GPU here).
 */
class EnvironmentInfoTest {

    @Test
    void theCpuBuildReportsItsBackendBlasThreadsAndWorkspaces() {
        Environment env = EnvironmentInfo.collect();
        assertEquals("cpu", env.backend());
        assertEquals("CpuBackend", env.nd4jBackend());
        assertEquals(List.of(), env.devices());
        assertEquals("OPENBLAS", env.blasVendor());
        assertTrue(env.ompThreads() != null && env.ompThreads() > 0, String.valueOf(env.ompThreads()));
        assertEquals(new Environment.Workspaces("ENABLED", "ENABLED"), env.workspaceMode());
        assertEquals("1.5.7", env.javacppVersion());
        assertNull(env.backendError());
        assertNull(env.cudaVersion(), "the CPU build has no CUDA");
        assertEquals(RunJson.SCHEMA_VERSION, env.schemaVersion());
        assertEquals(BuildInfo.get().dl4j(), env.dl4jVersion());
        assertEquals("1.0.0-M2.1", env.dl4jVersion(), "the version pom.xml builds with");
        assertEquals("1.0.0-M2.1", env.nd4jVersion());

        String text = EnvironmentInfo.describe(env);
        assertTrue(text.contains("backend       cpu (ND4J CpuBackend)\n"), text);
        assertTrue(text.contains("devices       CPU only: "), text);
        assertTrue(text.contains("BLAS          OPENBLAS\n"), text);
        assertTrue(text.contains("workspaces    training ENABLED, inference ENABLED\n"), text);
    }

    @Test
    void cudaDevicesComeFromNd4jsReport() {
        Map<String, Object> a100 = new HashMap<>();
        a100.put("cuda.deviceName", "NVIDIA A100-SXM4-80GB");
        a100.put("cuda.deviceMajor", 8L);
        a100.put("cuda.deviceMinor", 0L);
        a100.put("cuda.totalMemory", 85_899_345_920L);
        a100.put("cuda.freeMemory", 84_000_000_000L);
        List<Environment.Device> devices = EnvironmentInfo.cudaDevices(List.of(a100));
        assertEquals(1, devices.size());
        Environment.Device d = devices.get(0);
        assertEquals(0, d.index());
        assertEquals("NVIDIA A100-SXM4-80GB", d.name());
        assertEquals("8.0", d.computeCapability());
        assertEquals(85_899_345_920L, d.totalMemoryBytes());
        assertEquals(List.of(), EnvironmentInfo.cudaDevices(null), "the CPU executioner has no device list");

        Environment env = cuda("JCublasBackend", null, devices, "0", "CUBLAS",
                Environment.SlurmJob.of(Map.of("SLURM_JOB_ID", "1234", "SLURM_JOB_GPUS", "0", "SLURM_JOB_NODELIST", "gr001",
                        "SLURM_RESTART_COUNT", "1")));
        String text = EnvironmentInfo.describe(env);
        assertTrue(text.contains("backend       cuda (ND4J JCublasBackend), CUDA 11.6\n"), text);
        assertTrue(text.contains("device 0      NVIDIA A100-SXM4-80GB, compute capability 8.0, 80.0 GB memory (78.2 GB free)\n"), text);
        assertTrue(text.contains("CUDA devices  CUDA_VISIBLE_DEVICES=0\n"), text);
        assertTrue(text.contains("slurm         job 1234, restart 1, node gr001, GPUs 0\n"), text);
    }

    @Test
    void aCudaBuildThatCannotStartSaysWhy() {
        Environment env = cuda(null, "the CUDA backend cannot start here: libcuda.so.1: cannot open shared object file", List.of(),
                "unset", null, Environment.SlurmJob.of(Map.of()));
        String text = EnvironmentInfo.describe(env);
        assertTrue(text.contains("problem       the CUDA backend cannot start here: libcuda.so.1"), text);
        assertTrue(text.contains("devices       no GPU visible (CUDA_VISIBLE_DEVICES=unset)"), text);
    }

    @Test
    void slurmVariablesAreKeptUnderShortNames() {
        Environment.SlurmJob none = Environment.SlurmJob.of(Map.of("HOME", "/home/x"));
        assertTrue(none.none());
        assertEquals("{ }", RunJson.toJson(none));
        Environment.SlurmJob s = Environment.SlurmJob.of(Map.of("SLURM_JOB_ID", "7", "SLURM_ARRAY_JOB_ID", "5", "SLURM_ARRAY_TASK_ID", "2"));
        assertEquals(Map.of("jobId", "7", "arrayJobId", "5", "arrayTaskId", "2"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(s, Map.class));
    }

    @Test
    void aCommandThatHangsIsGivenUpAfterItsTimeout() throws Exception {
        long start = System.nanoTime();
        assertEquals("", EnvironmentInfo.run(Path.of("."), Duration.ofSeconds(1), "sleep", "60"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 10, "gave up after " + seconds + " s, not at the 1 s timeout");
    }

    @Test
    void aCommandWhoseChildKeepsItsOutputOpenStillReturns() throws Exception {
        // the shell exits at once; its background child holds the output for 20 s: reading a pipe to its end would wait for it
        long start = System.nanoTime();
        assertEquals("abc", EnvironmentInfo.run(Path.of("."), Duration.ofSeconds(10), "sh", "-c", "sleep 20 & echo abc"));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 8, "took " + seconds + " s");
    }

    @Test
    void aFailingCommandGivesNothing() throws Exception {
        assertEquals("", EnvironmentInfo.run(Path.of("."), Duration.ofSeconds(10), "sh", "-c", "echo oops; exit 3"));
        assertTrue(EnvironmentInfo.gitCommit().matches("[0-9a-f]{40}(\\+dirty)?|unknown"), EnvironmentInfo.gitCommit());
    }

    /** A CUDA build's environment, as a CUDA machine would give it (the build's versions, this machine's CPU facts). */
    private static Environment cuda(String nd4jBackend, String backendError, List<Environment.Device> devices, String visible,
                                    String blas, Environment.SlurmJob slurm) {
        BuildInfo b = BuildInfo.get();
        return new Environment(RunJson.SCHEMA_VERSION, "cuda", "0.1.0", b.dl4j(), b.nd4j(), b.cuda(), "1.5.7", nd4jBackend,
                backendError, devices, blas, blas == null ? null : 8, blas == null ? null : "FLOAT", null,
                new Environment.Workspaces("ENABLED", "ENABLED"), "unset", 1, "unset", visible, "Java", "Linux", "CPU", 8, 1L << 32, 1L << 32, 0L, "gr001",
                "1234", slurm, "", "unknown");
    }
}
