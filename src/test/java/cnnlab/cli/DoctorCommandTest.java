package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cnnlab doctor} on this machine's CPU backend: the same checks a GPU node runs (convolution and
 * gradients against the reference, a training step), all passing; and {@code train}'s refusal of a
 * model too small for a GPU, before anything is loaded.
 */
class DoctorCommandTest {

    @TempDir
    Path dir;

    @Test
    void theDoctorRunsEveryCheckOnTheCpuBackendAndPasses() {
        CliRun r = CliRun.of("doctor");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().matches("(?s)backend +cpu \\(ND4J CpuBackend, .*"), r.out());
        assertTrue(r.out().contains("device         CPU: "), r.out());
        assertTrue(r.out().matches("(?s).*\\nconvolution +ok \\([0-9.]+ s\\): DL4J's conv layer and FastConvolution2D .* from cnnlab.reference "
                + "\\d\\.\\de-\\d+ and \\d\\.\\de-\\d+\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\\ngradients +ok \\([0-9.]+ s\\): weight and input gradients .*"), r.out());
        assertTrue(r.out().matches("(?s).*\\ntraining step +ok \\([0-9.]+ s\\): the lab's LeNet \\(44,426 parameters\\) on one minibatch of 16: .*"),
                r.out());
        assertTrue(r.out().matches("(?s).*cnnlab doctor: every check passed in [0-9.]+ s\\n"), r.out());
    }

    @Test
    void aModelTooSmallForAGpuIsRefusedInOneLineUnlessAllowed() throws IOException {
        Path config = Files.writeString(dir.resolve("lenet.yaml"), "name: lenet\nruntime:\n  backend: cuda\n");
        CliRun refused = CliRun.of("train", config.toString());
        assertEquals(2, refused.exitCode(), refused.out() + refused.err());
        assertEquals("cnnlab: runtime.backend cuda: 'lenet' is too small to keep a GPU busy: about 0.11 GFLOP per training minibatch"
                + " (281,640 multiply-adds per image x batch 64 x 6; 44,426 parameters), under the 10 GFLOP that keep a GPU busy;"
                + " GPU jobs with low GPU use are cancelled (Torch). Train it on CPU cores (slurm/submit cpu ...), or add"
                + " --allow-small-gpu-model (slurm/submit gpu --force)", refused.err().strip());

        CliRun allowed = CliRun.of("train", config.toString(), "--allow-small-gpu-model");
        assertEquals(2, allowed.exitCode());
        assertTrue(allowed.err().strip().startsWith("cnnlab: runtime.backend: the config requires cuda but this build runs on cpu"), allowed.err());

        // A network with enough arithmetic per minibatch passes the size check (and meets the CPU build's refusal).
        Path big = Files.writeString(dir.resolve("big.yaml"), """
                name: big
                model:
                  layers:
                    - {type: conv, filters: 64, kernel: 3, padding: 1}
                    - {type: conv, filters: 64, kernel: 3, padding: 1}
                    - {type: pool, size: 2}
                    - {type: dense, units: 128}
                training:
                  batchSize: 256
                runtime:
                  backend: cuda
                """);
        CliRun bigRun = CliRun.of("train", big.toString());
        assertTrue(bigRun.err().strip().startsWith("cnnlab: runtime.backend: the config requires cuda"), bigRun.err());
    }
}
