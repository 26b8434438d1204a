package cnnlab.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import cnnlab.config.RuntimeConfig;

/**
 * The backend is found in one place: this (CPU) build knows it is one without starting ND4J, refuses a
 * config that requires CUDA with one line that says how to get it, and turns the CUDA runtime's
 * loading errors (as JavaCPP reports them on a machine without a GPU) into one line with advice.
 */
class BackendTest {

    @Test
    void thisBuildIsTheCpuBuild() {
        assertEquals(RuntimeConfig.Backend.CPU, Backend.built());
        assertEquals("cpu", Backend.name(Backend.built()));
        assertDoesNotThrow(Backend::start);
        assertTrue(Backend.isStarted());
    }

    @Test
    void aConfigThatRequiresCudaIsRefusedOnTheCpuBuild() {
        BackendMismatchException e = assertThrows(BackendMismatchException.class,
                () -> Backend.require(RuntimeConfig.Backend.CUDA));
        assertEquals("runtime.backend: the config requires cuda but this build runs on cpu (build and run the CUDA backend with "
                + "CNNLAB_BACKEND=cuda ./cnnlab ..., on a GPU node)", e.getMessage());
        assertDoesNotThrow(() -> Backend.require(RuntimeConfig.Backend.CPU));
        assertDoesNotThrow(() -> Backend.require(RuntimeConfig.Backend.ANY));
    }

    @Test
    void theCudaProbeOnTheCpuBuildSaysTheBindingsAreMissing() {
        assertTrue(Backend.cudaProblem().contains("are not on the class path"), Backend.cudaProblem());
    }

    @Test
    void cudaLoadingErrorsBecomeOneLineWithAdvice() {
        // What JavaCPP throws on this machine with the -Pcuda build (measured): the real reason is the cause.
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/java/packages/lib:/usr/lib");
        outer.initCause(new UnsatisfiedLinkError("/root/.javacpp/cache/cuda-11.6-8.3-1.5.7-linux-x86_64.jar/org/bytedeco/cuda/"
                + "linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory"));
        String noDriver = Backend.cudaLoadHint(Backend.shortLinkMessage(Backend.rootMessage(outer)));
        assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory (no NVIDIA driver on this machine: "
                + "run on a GPU node, e.g. sbatch slurm/train-gpu.sbatch, or use the CPU build: CNNLAB_BACKEND=cpu)", noDriver);

        String noRuntime = Backend.cudaLoadHint(Backend.shortLinkMessage(
                "/x/libjnicudart.so: libcudart.so.11.0: cannot open shared object file: No such file or directory"));
        assertTrue(noRuntime.startsWith("libcudart.so.11.0: cannot open shared object file"), noRuntime);
        assertTrue(noRuntime.contains("the CUDA 11.6 libraries are not found: run inside the CUDA 11.6 Singularity image"), noRuntime);
        assertEquals("something else", Backend.cudaLoadHint(Backend.shortLinkMessage("something else")));
    }
}
