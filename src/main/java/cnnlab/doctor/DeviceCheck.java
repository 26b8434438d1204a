package cnnlab.doctor;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.model.NetworkFactory;
import cnnlab.reference.Convolution2d;
import cnnlab.reference.Window2d;
import cnnlab.train.Backend;
import cnnlab.train.EnvironmentInfo;
import cnnlab.verify.Dl4jLayers;

/**
 * The checks of {@code cnnlab doctor}, in order; each one runs on the build's backend (the GPU on a
 * CUDA build) and is compared with the plain-Java reference:
 *
 * <ol>
 *   <li><b>backend</b>: ND4J starts ({@link Backend#start()}); on CUDA, the device, its compute
 *       capability and the driver's and runtime's CUDA versions are read;</li>
 *   <li><b>convolution</b>: DL4J's {@link ConvolutionLayer} and cnnlab's FastConvolution2D on a 2x9x9
 *       input with 3 filters of 3x3, against {@link Convolution2d};</li>
 *   <li><b>gradients</b>: the backward pass of that convolution (what a training step applies), against
 *       the reference: the weight gradient is the input correlated with the output gradient, the input
 *       gradient the padded output gradient correlated with the flipped weights, both computed by
 *       {@link Convolution2d};</li>
 *   <li><b>training step</b>: the lab's LeNet (the default config) fitted on one random minibatch: the
 *       loss is finite and the weights move, and five more steps on the same minibatch lower the loss.</li>
 * </ol>
 *
 * Everything is seeded, small (a few seconds, most of it starting ND4J) and in double precision for the
 * comparisons, so a difference above {@value #TOLERANCE} means the device computes wrongly.
 */
public final class DeviceCheck {

    /** The largest absolute difference from the reference that counts as agreement (double precision). */
    public static final double TOLERANCE = 1e-9;

    /** One check: its name, whether it passed, what it found, and how long it took. */
    public record Step(String name, boolean passed, String detail, double seconds) {
    }

    /**
     * What the doctor found.
     *
     * @param facts the backend and device, one line each ({@code key, value})
     * @param steps the checks that ran, in order
     * @param missing why the backend cannot run here (one line), or {@code null}
     */
    public record Report(List<String[]> facts, List<Step> steps, String missing) {

        /** Whether the backend started and every check passed. */
        public boolean passed() {
            return missing == null && steps.stream().allMatch(Step::passed);
        }
    }

    private DeviceCheck() {
    }

    /** Runs the checks; stops after the first that fails (the later ones would fail for the same reason). */
    public static Report run() {
        List<String[]> facts = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        try {
            Backend.start();
        } catch (Backend.Unavailable e) {
            return new Report(facts, steps, e.getMessage());
        }
        Map<String, Object> env = EnvironmentInfo.collect();
        boolean cuda = Backend.built() == RuntimeConfig.Backend.CUDA;
        facts.add(new String[] {"backend", env.get("backend") + " (ND4J " + env.get("nd4jBackend") + ", " + env.get("blasVendor") + ")"});
        List<?> devices = env.get("devices") instanceof List<?> l ? l : List.of();
        if (devices.isEmpty()) {
            facts.add(new String[] {"device", cuda ? "no GPU visible" : "CPU: " + env.get("cores") + " cores, " + env.get("cpu")});
        }
        for (Object o : devices) {
            Map<?, ?> d = (Map<?, ?>) o;
            facts.add(new String[] {"device " + d.get("index"), d.get("name") + ", compute capability " + d.get("computeCapability")});
        }
        if (cuda) {
            facts.add(new String[] {"CUDA", cudaVersions() + "; this build's kernels are CUDA 11.6's (nd4j-cuda-11.6)"});
        }
        String capability = devices.isEmpty() ? null : String.valueOf(((Map<?, ?>) devices.get(0)).get("computeCapability"));
        Map<String, Check> checks = new java.util.LinkedHashMap<>();
        checks.put("convolution", DeviceCheck::convolution);
        checks.put("gradients", DeviceCheck::gradients);
        checks.put("training step", DeviceCheck::trainingStep);
        for (Map.Entry<String, Check> c : checks.entrySet()) {
            Step s = timed(c.getKey(), c.getValue(), capability);
            steps.add(s);
            if (!s.passed()) {
                break;
            }
        }
        return new Report(facts, steps, null);
    }

    @FunctionalInterface
    private interface Check {
        Step run(long t0);
    }

    private static Step timed(String name, Check c, String capability) {
        long t0 = System.nanoTime();
        try {
            return c.run(t0);
        } catch (RuntimeException | LinkageError e) {
            String message = Backend.rootMessage(e);
            String hint = capability != null && newerThanCuda116(capability)
                    ? " (compute capability " + capability + " is newer than CUDA 11.6 knows (it ends at 8.7; 8.9 and 9.0 came with CUDA 11.8): nd4j-cuda-11.6 may have no kernels for this GPU; try an older GPU type, e.g. a100)"
                    : "";
            return new Step(name, false, e.getClass().getSimpleName() + ": " + message + hint, seconds(t0));
        }
    }

    /** Whether a compute capability is above 8.7, the newest that CUDA 11.6 compiles for. */
    static boolean newerThanCuda116(String capability) {
        String[] p = capability.split("\\.");
        try {
            int major = Integer.parseInt(p[0]);
            int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
            return major > 8 || (major == 8 && minor > 7);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Step convolution(long t0) {
        Random r = new Random(12);
        double[][][] x = random(r, 2, 9, 9);
        double[][][][] w = new double[3][][][];
        for (int f = 0; f < 3; f++) {
            w[f] = random(r, 2, 3, 3);
        }
        double[] b = {0.1, -0.2, 0.3};
        Window2d window = Window2d.square(3, 1, 0);
        double[][][] expected = Convolution2d.forward(x, w, b, window);
        double dl4j = maxDiff(expected, Dl4jLayers.convolution(x, w, b, window, CNN2DFormat.NCHW, false));
        double fast = maxDiff(expected, Dl4jLayers.convolution(x, w, b, window, CNN2DFormat.NCHW, true));
        boolean ok = dl4j <= TOLERANCE && fast <= TOLERANCE;
        return new Step("convolution", ok, String.format(Locale.ROOT,
                "DL4J's conv layer and FastConvolution2D on 2x9x9, 3 filters 3x3: largest difference from cnnlab.reference %.1e and %.1e%s",
                dl4j, fast, ok ? "" : " (more than " + TOLERANCE + ": this device computes convolutions wrongly)"), seconds(t0));
    }

    private static Step gradients(long t0) {
        Random r = new Random(34);
        int n = 2;
        int c = 2;
        int h = 7;
        int k = 3;
        int filters = 3;
        int out = h - k + 1;
        double[][][][] x = new double[n][][][];
        double[][][][] g = new double[n][][][];
        for (int i = 0; i < n; i++) {
            x[i] = random(r, c, h, h);
            g[i] = random(r, filters, out, out);
        }
        double[][][][] w = new double[filters][][][];
        for (int f = 0; f < filters; f++) {
            w[f] = random(r, c, k, k);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(k, k).nIn(c).nOut(filters).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, h, c)).build());
        net.init();
        net.initGradientsView();
        net.getLayer(0).getParam("W").assign(Nd4j.create(w));
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
        layer.setInput(Nd4j.create(x), mgr);
        layer.activate(true, mgr);
        Pair<Gradient, INDArray> back = layer.backpropGradient(Nd4j.create(g), mgr);
        double[][][][] dW = toArray4(back.getFirst().getGradientFor("W"));
        double[][][][] dX = toArray4(back.getSecond());

        double worst = 0;
        for (int f = 0; f < filters; f++) {
            for (int ch = 0; ch < c; ch++) {
                double[][] expected = new double[k][k];
                for (int i = 0; i < n; i++) {
                    // dL/dW[f][ch] = sum over the minibatch of x[ch] correlated with the output gradient g[f].
                    double[][] part = Convolution2d.forward(new double[][][] {x[i][ch]}, new double[][][][] {{g[i][f]}}, null,
                            Window2d.square(out, 1, 0))[0];
                    add(expected, part);
                }
                worst = Math.max(worst, maxDiff(expected, dW[f][ch]));
            }
        }
        double[][][][] flipped = new double[c][filters][][];
        for (int f = 0; f < filters; f++) {
            for (int ch = 0; ch < c; ch++) {
                flipped[ch][f] = rotate180(w[f][ch]);
            }
        }
        for (int i = 0; i < n; i++) {
            // dL/dx = the output gradient, padded by k-1, correlated with the weights turned by 180 degrees.
            double[][][] expected = Convolution2d.forward(g[i], flipped, null, Window2d.square(k, 1, k - 1));
            worst = Math.max(worst, maxDiff(expected, dX[i]));
        }
        boolean ok = worst <= TOLERANCE;
        return new Step("gradients", ok, String.format(Locale.ROOT,
                "weight and input gradients of a conv layer (backward pass of a training step): largest difference from cnnlab.reference %.1e%s",
                worst, ok ? "" : " (more than " + TOLERANCE + ": this device computes gradients wrongly)"), seconds(t0));
    }

    private static Step trainingStep(long t0) {
        // The built-in defaults (the lab's LeNet), resolved as a config file would be.
        ExperimentConfig config = ConfigLoader.fromTree(ConfigLoader.toTree(new ExperimentConfig()), java.nio.file.Path.of("(defaults)"));
        MultiLayerNetwork net = NetworkFactory.create(config);
        Random r = new Random(config.seed);
        int batch = 16;
        int classes = config.model.classes;
        float[] pixels = new float[batch * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        float[][] labels = new float[batch][classes];
        for (int i = 0; i < batch; i++) {
            labels[i][r.nextInt(classes)] = 1;
        }
        DataSet data = new DataSet(Nd4j.create(pixels, new long[] {batch, 1, 28, 28}), Nd4j.create(labels));
        INDArray before = net.params().dup();
        double first = net.score(data);
        net.fit(data);
        double moved = net.params().sub(before).norm2Number().doubleValue();
        for (int i = 0; i < 5; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        boolean ok = Double.isFinite(first) && Double.isFinite(after) && moved > 0 && after < first;
        return new Step("training step", ok, String.format(Locale.ROOT,
                "the lab's LeNet (%,d parameters) on one minibatch of %d: loss %.4f, after 6 steps %.4f, weights moved by %.3g%s",
                net.numParams(), batch, first, after, moved, ok ? "" : " (expected a finite loss that falls and weights that move)"),
                seconds(t0));
    }

    /** "driver 12.4, runtime 11.6", read through JavaCPP's CUDA runtime bindings. */
    static String cudaVersions() {
        try {
            Class<?> cudart = Class.forName(Backend.CUDART_CLASS);
            return "driver " + version(cudart, "cudaDriverGetVersion") + ", runtime " + version(cudart, "cudaRuntimeGetVersion");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return "versions unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String version(Class<?> cudart, String method) throws ReflectiveOperationException {
        Method m = cudart.getMethod(method, int[].class);
        int[] v = new int[1];
        m.invoke(null, (Object) v);
        return (v[0] / 1000) + "." + (v[0] % 1000) / 10;
    }

    private static double[][][] random(Random r, int c, int h, int w) {
        double[][][] a = new double[c][h][w];
        for (double[][] plane : a) {
            for (double[] row : plane) {
                for (int j = 0; j < w; j++) {
                    row[j] = r.nextDouble() * 2 - 1;
                }
            }
        }
        return a;
    }

    private static double[][][][] toArray4(INDArray a) {
        long[] s = a.shape();
        double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int u = 0; u < s[2]; u++) {
                    for (int v = 0; v < s[3]; v++) {
                        out[i][j][u][v] = a.getDouble(i, j, u, v);
                    }
                }
            }
        }
        return out;
    }

    private static double[][] rotate180(double[][] k) {
        int h = k.length;
        int w = k[0].length;
        double[][] out = new double[h][w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                out[i][j] = k[h - 1 - i][w - 1 - j];
            }
        }
        return out;
    }

    private static void add(double[][] into, double[][] part) {
        for (int i = 0; i < into.length; i++) {
            for (int j = 0; j < into[i].length; j++) {
                into[i][j] += part[i][j];
            }
        }
    }

    private static double maxDiff(double[][][] a, double[][][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, maxDiff(a[i], b[i]));
        }
        return worst;
    }

    private static double maxDiff(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
