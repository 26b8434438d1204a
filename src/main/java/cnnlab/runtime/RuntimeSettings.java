package cnnlab.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.RuntimeConfig;
import cnnlab.model.ConvolutionRuntime;
import cnnlab.model.LayerThreads;

/**
 * Applies a config's runtime section before anything is computed: refuses a run whose required
 * backend is not the one this build has (before ND4J starts and before any data is loaded), starts
 * the backend ({@link Backend}), sets the thread counts (ND4J's, or with cnnlab's fast layers those
 * layers' {@link LayerThreads} and one ND4J thread), and on CUDA refuses more workers than GPUs.
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
        boolean fast = ConvolutionRuntime.useFast(runtime.fastConvolution);
        if (fast) {
            // LeNet-sized ND4J operations run fastest on one thread (more spin between them); the fast
            // layers split each minibatch over the threads instead (bench/NOTES.md)
            int threads = layerThreads(runtime);
            nd4jThreads(1);
            LayerThreads.set(threads);
            LOG.info("ND4J threads set to 1, cnnlab's fast layers to {}", threads);
        } else if (runtime.threads > 0) {
            nd4jThreads(runtime.threads);
            LayerThreads.set(1);
            LOG.info("ND4J threads set to {}", runtime.threads);
        }
    }

    /**
     * The fast layers' threads: {@code runtime.threads}, or for 0 the processors this JVM may use
     * (which follows a Slurm job's CPUs) divided among the data-parallel workers.
     */
    static int layerThreads(RuntimeConfig runtime) {
        if (runtime.threads > 0) {
            return runtime.threads;
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, runtime.workers));
    }

    /** ND4J's own threads: libnd4j's thread pool and OpenMP, and OpenBLAS's. */
    private static void nd4jThreads(int n) {
        Nd4j.getEnvironment().setMaxThreads(n);
        Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        Nd4j.factory().blas().setMaxThreads(n);
    }
}
