package cnnlab.train;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.RuntimeConfig;

/**
 * Applies a config's runtime section before anything is computed: refuses a run whose required
 * backend is not the one this build has (before any data is loaded), and sets ND4J's thread count.
 */
public final class RuntimeSettings {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

    private RuntimeSettings() {
    }

    /** The backend this build runs on: CPU (nd4j-native) or CUDA. */
    public static RuntimeConfig.Backend currentBackend() {
        String name = Nd4j.getBackend().getClass().getSimpleName();
        return name.toLowerCase().contains("cu") && !name.toLowerCase().contains("cpu") ? RuntimeConfig.Backend.CUDA
                : RuntimeConfig.Backend.CPU;
    }

    /**
     * Checks the backend and applies the thread setting.
     *
     * @throws BackendMismatchException when the config requires a backend the build lacks
     */
    public static void apply(RuntimeConfig runtime) {
        RuntimeConfig.Backend have = currentBackend();
        if (runtime.backend != RuntimeConfig.Backend.ANY && runtime.backend != have) {
            throw new BackendMismatchException("runtime.backend: the config requires " + runtime.backend.name().toLowerCase()
                    + " but this build runs on " + have.name().toLowerCase()
                    + (runtime.backend == RuntimeConfig.Backend.CUDA ? " (build the CUDA backend with CNNLAB_BACKEND=cuda ./cnnlab ...)" : ""));
        }
        if (runtime.threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(runtime.threads);
            Nd4j.getEnvironment().setMaxMasterThreads(runtime.threads);
            LOG.info("ND4J threads set to {}", runtime.threads);
        }
    }

    /** A config that requires a backend the build does not have. */
    public static class BackendMismatchException extends RuntimeException {
        public BackendMismatchException(String message) {
            super(message);
        }
    }
}
