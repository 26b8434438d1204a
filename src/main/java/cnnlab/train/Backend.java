package cnnlab.train;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.model.GpuWorkload;
import cnnlab.model.NetworkFactory;

/**
 * The ND4J backend of this build, decided in one place. The Maven profile decides what is on the
 * class path ({@code cpu}: nd4j-native, the default; {@code cuda}: nd4j-cuda-11.6), and the launcher
 * picks the profile from {@code CNNLAB_BACKEND}; this class finds out which one it got without
 * starting ND4J ({@link #built()}), and starts ND4J with a one-line error when the backend cannot run
 * on this machine ({@link #start()}), before any data is loaded. Everything else asks here.
 *
 * <p>The CUDA build is compiled and packaged by {@code scripts/check-cuda-build.sh} (and CI), but
 * nothing here has ever run on a GPU: the CUDA classes are only touched by reflection, so that the
 * CPU build compiles without them.
 */
public final class Backend {

    /** ND4J's CPU backend class (nd4j-native). */
    static final String CPU_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** ND4J's CUDA backend class (nd4j-cuda-11.6). */
    static final String CUDA_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";
    /** JavaCPP's CUDA runtime bindings, which nd4j-cuda loads first; loading them needs the driver. */
    public static final String CUDART_CLASS = "org.bytedeco.cuda.global.cudart";

    private static volatile boolean started;

    private Backend() {
    }

    /** The backend this build has, from the class path; does not start ND4J. */
    public static RuntimeConfig.Backend built() {
        return present(CUDA_CLASS) ? RuntimeConfig.Backend.CUDA : RuntimeConfig.Backend.CPU;
    }

    /** The backend's name as users type it: {@code cpu} or {@code cuda}. */
    public static String name(RuntimeConfig.Backend backend) {
        return backend.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Refuses a run whose config requires a backend this build lacks; called before anything is loaded.
     *
     * @throws RuntimeSettings.BackendMismatchException when {@code required} is neither {@code any} nor the build's
     */
    public static void require(RuntimeConfig.Backend required) {
        RuntimeConfig.Backend have = built();
        if (required != RuntimeConfig.Backend.ANY && required != have) {
            throw new RuntimeSettings.BackendMismatchException("runtime.backend: the config requires " + name(required)
                    + " but this build runs on " + name(have)
                    + (required == RuntimeConfig.Backend.CUDA
                            ? " (build and run the CUDA backend with CNNLAB_BACKEND=cuda ./cnnlab ..., on a GPU node)"
                            : " (use the CPU build: CNNLAB_BACKEND=cpu ./cnnlab ...)"));
        }
    }

    /**
     * Starts ND4J on this build's backend (once per JVM). For CUDA, first checks that the driver and the
     * CUDA runtime load and that a device is visible, so that a missing GPU is one clear line rather
     * than ND4J's stack traces.
     *
     * @throws Unavailable when the backend cannot run here
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        RuntimeConfig.Backend backend = built();
        if (backend == RuntimeConfig.Backend.CUDA) {
            String problem = cudaProblem();
            if (problem != null) {
                throw new Unavailable("the CUDA backend cannot start here: " + problem);
            }
        }
        try {
            Nd4j.getBackend();
        } catch (LinkageError | RuntimeException e) {
            throw new Unavailable("the " + name(backend) + " backend (ND4J) cannot start here: " + shortLinkMessage(rootMessage(e)));
        }
        started = true;
    }

    /**
     * Refuses, before anything is loaded, a run on CUDA (required by the config, or the CUDA build)
     * whose model is too small to keep a GPU busy ({@link GpuWorkload}): clusters such as NYU's Torch
     * cancel GPU jobs with low GPU use. {@code cnnlab train --allow-small-gpu-model} skips this.
     *
     * @throws TooSmallForGpu with the estimate and what to do instead
     */
    public static void refuseIdleGpu(ExperimentConfig c) {
        if (c.runtime.backend != RuntimeConfig.Backend.CUDA && built() != RuntimeConfig.Backend.CUDA) {
            return;
        }
        if (built() == RuntimeConfig.Backend.CUDA) {
            start();   // a CUDA build without a GPU says so first, in its one line
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

    /** Whether ND4J has been started by {@link #start()}. */
    public static boolean isStarted() {
        return started;
    }

    /** What keeps CUDA from running here, or {@code null} when the runtime loads and sees a device. */
    static String cudaProblem() {
        Class<?> cudart;
        try {
            cudart = Class.forName(CUDART_CLASS);
        } catch (ClassNotFoundException e) {
            return "JavaCPP's CUDA bindings (" + CUDART_CLASS + ") are not on the class path: a broken -Pcuda build?";
        } catch (LinkageError e) {
            return cudaLoadHint(shortLinkMessage(rootMessage(e)));
        }
        try {
            Method count = cudart.getMethod("cudaGetDeviceCount", int[].class);
            int[] n = new int[1];
            int error = (Integer) count.invoke(null, (Object) n);
            if (error != 0 || n[0] == 0) {
                return "no CUDA device is visible (cudaGetDeviceCount: error " + error + ", " + n[0] + " devices; CUDA_VISIBLE_DEVICES="
                        + System.getenv().getOrDefault("CUDA_VISIBLE_DEVICES", "unset") + "); ask Slurm for one with --gres=gpu:1";
            }
            return null;
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return "unexpected JavaCPP CUDA bindings: " + e;
        } catch (InvocationTargetException e) {
            return cudaLoadHint(shortLinkMessage(rootMessage(e.getCause())));
        }
    }

    /**
     * The message of the innermost cause: JavaCPP reports "no jnicudart in java.library.path" and keeps
     * the real reason ("libcuda.so.1: cannot open shared object file") as its cause.
     */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    /** Adds what to do to a failure to load a CUDA library. */
    static String cudaLoadHint(String message) {
        if (message.contains("libcuda.so")) {
            return message + " (no NVIDIA driver on this machine: run on a GPU node, e.g. sbatch slurm/train-gpu.sbatch,"
                    + " or use the CPU build: CNNLAB_BACKEND=cpu)";
        }
        if (message.matches("(?s).*lib(cudart|cublas|cublasLt|cusolver|cusparse|curand|cufft|cudnn|nvrtc)[^ ]*\\.so.*")) {
            return message + " (the CUDA 11.6 libraries are not found: run inside the CUDA 11.6 Singularity image with --nv,"
                    + " as slurm/train-gpu.sbatch does, or load a CUDA 11.6 module)";
        }
        return message;
    }

    /** {@code /some/cache/libjnicudart.so: libcuda.so.1: cannot open ...} becomes {@code libcuda.so.1: cannot open ...}. */
    static String shortLinkMessage(String message) {
        int i = message.indexOf(".so: ");
        return i > 0 && message.lastIndexOf('/', i) >= 0 ? message.substring(i + ".so: ".length()) : message;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A model too small to keep a GPU busy was to train on CUDA: a user error. */
    public static class TooSmallForGpu extends cnnlab.io.UserInputException {
        public TooSmallForGpu(String message) {
            super(message);
        }
    }

    /** The build's backend cannot run on this machine (no GPU, no driver, wrong platform): a user error. */
    public static class Unavailable extends cnnlab.io.UserInputException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
