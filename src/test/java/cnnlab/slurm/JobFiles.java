package cnnlab.slurm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config and sweep files for the Slurm tests: small enough that a job trains in seconds. */
final class JobFiles {

    private JobFiles() {
    }

    /** A small LeNet on 640 images of the bundled sample: about a second per epoch. */
    static Path tinyConfig(Path dir, String name, int epochs) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                model:
                  layers:
                    - {type: conv, filters: 4, kernel: 5}
                    - {type: pool, size: 2}
                    - {type: conv, filters: 8, kernel: 5}
                    - {type: pool, size: 2}
                    - {type: dense, units: 32}
                data:
                  trainLimit: 640
                  testLimit: 200
                  validationFraction: 0.25
                training:
                  epochs: %d
                  batchSize: 32
                output:
                  keepCheckpoints: 1
                  logEveryBatches: 5
                """.formatted(name, epochs));
    }

    /**
     * The lab's LeNet-5 (default.yaml) on 4,000 images for 2 epochs: long enough (57 minibatches, a few
     * seconds per epoch) to be pre-empted in the middle of its second epoch.
     */
    static Path preemptibleConfig(Path dir) throws IOException {
        return Files.writeString(dir.resolve("preempt.yaml"), """
                name: preempt
                data:
                  trainLimit: 4000
                  testLimit: 500
                training:
                  epochs: 2
                output:
                  logEveryBatches: 5
                  plots: false
                """);
    }

    /** A sweep of three learning rates over {@link #tinyConfig} (one epoch each). */
    static Path threeConfigSweep(Path dir) throws IOException {
        tinyConfig(dir, "tiny", 1);
        return Files.writeString(dir.resolve("sweep-lr.yaml"), """
                sweep: lr
                base: tiny.yaml
                grid:
                  training.optimizer.learningRate: [0.001, 0.002, 0.004]
                """);
    }
}
