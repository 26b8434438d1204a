package cnnlab.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.RuntimeConfig;

/**
 * Applies a config's runtime section before anything is computed: refuses a run whose required
 * backend is not the one this build has (before ND4J starts and before any data is loaded), starts
 * the backend ({@link Backend}), sets ND4J's thread count, and on CUDA refuses more workers than GPUs.
 * Uses {@link Backend}; Backend knows nothing of this class.
 */
public final class RuntimeSettings {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

    private RuntimeSettings() {
    }

    /**
     * Checks and starts the backend and applies the thread setting.
     *
     * @throws BackendMismatchException when the config requires a backend the build lacks
     * @throws Backend.Unavailable when the build's backend cannot run on this machine
     */
    public static void apply(RuntimeConfig runtime) {
        Backend.require(runtime.backend);
        Backend.start();
        if (runtime.workers > 1 && Backend.built() == RuntimeConfig.Backend.CUDA) {
            int devices = Nd4j.getAffinityManager().getNumberOfDevices();
            if (runtime.workers > devices) {
                throw new BackendMismatchException("runtime.workers: at most one worker per GPU on the CUDA backend; this node has "
                        + devices + " visible, the config asks for " + runtime.workers);
            }
        }
        if (runtime.threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(runtime.threads);
            Nd4j.getEnvironment().setMaxMasterThreads(runtime.threads);
            LOG.info("ND4J threads set to {}", runtime.threads);
        }
    }
}
