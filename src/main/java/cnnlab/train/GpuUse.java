package cnnlab.train;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.io.UserInputException;
import cnnlab.model.GpuWorkload;
import cnnlab.model.NetworkFactory;
import cnnlab.runtime.Backend;

/**
 * The rule that keeps a model too small for a GPU off one: clusters such as NYU's Torch cancel GPU
 * jobs with low GPU use, so a run on CUDA (required by the config, or the CUDA build) whose model
 * {@link GpuWorkload} estimates as too little work is refused before any data loads.
 * {@code cnnlab train --allow-small-gpu-model} (and {@code slurm/submit gpu --force}) skip it.
 */
public final class GpuUse {

    private GpuUse() {
    }

    /**
     * Refuses a CUDA run of a model too small to keep a GPU busy.
     *
     * @throws TooSmallForGpu with the estimate and what to do instead
     * @throws Backend.Unavailable on a CUDA build that cannot start (its one line comes first)
     */
    public static void refuseIdle(ExperimentConfig c) {
        if (c.runtime.backend != RuntimeConfig.Backend.CUDA && Backend.built() != RuntimeConfig.Backend.CUDA) {
            return;
        }
        if (Backend.built() == RuntimeConfig.Backend.CUDA) {
            Backend.start();   // a CUDA build without a GPU says so first, in its one line
        }
        ExperimentConfig shaped = TrainingData.withKnownShape(c);
        GpuWorkload w = GpuWorkload.of(NetworkFactory.configuration(shaped, TrainingData.knownHead(shaped)),
                NetworkFactory.inputType(shaped.model), shaped.training.batchSize);
        if (!w.keepsAGpuBusy()) {
            throw new TooSmallForGpu("runtime.backend cuda: '" + c.name + "' is too small to keep a GPU busy: " + w.describe()
                    + "; GPU jobs with low GPU use are cancelled (Torch). Train it on CPU cores (slurm/submit cpu ...),"
                    + " or add --allow-small-gpu-model (slurm/submit gpu --force)");
        }
    }

    /** A model too small to keep a GPU busy was to train on CUDA: a user error. */
    public static class TooSmallForGpu extends UserInputException {
        public TooSmallForGpu(String message) {
            super(message);
        }
    }
}
