package cnnlab.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * environment.json and {@code cnnlab info}: the facts of this CPU build, and the GPU part as it would
 * be on a CUDA build, from a report shaped as ND4J's CUDA executioner writes it (no GPU here).
 */
class EnvironmentInfoTest {

    @Test
    void theCpuBuildReportsItsBackendBlasThreadsAndWorkspaces() {
        Map<String, Object> env = EnvironmentInfo.collect();
        assertEquals("cpu", env.get("backend"));
        assertEquals("CpuBackend", env.get("nd4jBackend"));
        assertEquals(List.of(), env.get("devices"));
        assertEquals("OPENBLAS", env.get("blasVendor"));
        assertTrue(env.get("ompThreads") instanceof Number, String.valueOf(env.get("ompThreads")));
        assertEquals(Map.of("training", "ENABLED", "inference", "ENABLED"), env.get("workspaceMode"));
        assertEquals("1.5.7", env.get("javacppVersion"));
        assertFalse(env.containsKey("backendError"));

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
        List<Map<String, Object>> devices = EnvironmentInfo.cudaDevices(List.of(a100));
        assertEquals(1, devices.size());
        Map<String, Object> d = devices.get(0);
        assertEquals(0, d.get("index"));
        assertEquals("NVIDIA A100-SXM4-80GB", d.get("name"));
        assertEquals("8.0", d.get("computeCapability"));
        assertEquals(85_899_345_920L, d.get("totalMemoryBytes"));
        assertEquals(List.of(), EnvironmentInfo.cudaDevices(null), "the CPU executioner has no device list");

        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cnnlabVersion", "0.1.0");
        env.put("backend", "cuda");
        env.put("nd4jBackend", "JCublasBackend");
        env.put("devices", devices);
        env.put("cudaVisibleDevices", "0");
        env.put("blasVendor", "CUBLAS");
        env.put("slurm", EnvironmentInfo.slurm(Map.of("SLURM_JOB_ID", "1234", "SLURM_JOB_GPUS", "0", "SLURM_JOB_NODELIST", "gr001",
                "SLURM_RESTART_COUNT", "1")));
        String text = EnvironmentInfo.describe(env);
        assertTrue(text.contains("backend       cuda (ND4J JCublasBackend), CUDA 11.6\n"), text);
        assertTrue(text.contains("device 0      NVIDIA A100-SXM4-80GB, compute capability 8.0, 80.0 GB memory (78.2 GB free)\n"), text);
        assertTrue(text.contains("CUDA devices  CUDA_VISIBLE_DEVICES=0\n"), text);
        assertTrue(text.contains("slurm         job 1234, restart 1, node gr001, GPUs 0\n"), text);
    }

    @Test
    void aCudaBuildThatCannotStartSaysWhy() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("backend", "cuda");
        env.put("backendError", "the CUDA backend cannot start here: libcuda.so.1: cannot open shared object file");
        env.put("devices", List.of());
        env.put("cudaVisibleDevices", "unset");
        String text = EnvironmentInfo.describe(env);
        assertTrue(text.contains("problem       the CUDA backend cannot start here: libcuda.so.1"), text);
        assertTrue(text.contains("devices       no GPU visible (CUDA_VISIBLE_DEVICES=unset)"), text);
    }

    @Test
    void slurmVariablesAreKeptUnderShortNames() {
        assertEquals(Map.of(), EnvironmentInfo.slurm(Map.of("HOME", "/home/x")));
        Map<String, Object> s = EnvironmentInfo.slurm(Map.of("SLURM_JOB_ID", "7", "SLURM_ARRAY_JOB_ID", "5", "SLURM_ARRAY_TASK_ID", "2"));
        assertEquals(Map.of("jobId", "7", "arrayJobId", "5", "arrayTaskId", "2"), s);
    }
}
