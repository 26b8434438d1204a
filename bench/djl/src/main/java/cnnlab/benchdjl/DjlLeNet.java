package cnnlab.benchdjl;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;

/**
 * The DJL side of bench/run: DJL's PyTorch engine (libtorch 2.7.1, CPU) trains and runs the same LeNet
 * as configs/bench-lenet.yaml and bench/torch_lenet.py, timed the same way; prints one JSON line.
 *
 * <p>Model: conv 20 5x5 (identity), max-pool 2, conv 50 5x5 (identity), max-pool 2, dense 500 ReLU,
 * dense 10, softmax cross-entropy; Xavier-normal weights ({@code N(0, 2 / (fanIn + fanOut))}), zero
 * biases; Adam 1e-3 with L2 5e-4 on the weights only (as DL4J's {@code l2} and the PyTorch side).
 *
 * <p>Timed regions, as on the other two sides: images are decoded and scaled to [0, 1] in memory before
 * any timing. Training time covers every minibatch of the epochs: assembling the batch with the epoch's
 * permutation, forward, loss, backward, Adam step, reading the loss. Inference time covers the model's
 * output over the test set in minibatches of the training batch size, slicing each batch included. A
 * throwaway model is warmed up for a few minibatches first.
 *
 * <p>Arguments: {@code --data DIR --batch N --threads N --epochs N --train-limit N --test-limit N
 * --seed N --warmup N --label TEXT}. Threads: {@code ai.djl.pytorch.num_threads} (intra-op) is set to
 * the thread count and inter-op to 1, before the engine starts; OMP_NUM_THREADS comes from the driver.
 */
public final class DjlLeNet {

    private static final float LR = 1e-3f;
    private static final float L2 = 5e-4f;

    private DjlLeNet() {
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.parse(args);
        if (a.threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(a.threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Images train = Images.read(a.data, "train", a.trainLimit);
        Images test = Images.read(a.data, "t10k", a.testLimit);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(a.seed);

        if (a.warmup > 0) {
            try (Model warm = newModel(); Trainer t = trainer(warm, a.batch)) {
                for (int i = 0; i < Math.min(a.warmup, train.n / a.batch); i++) {
                    trainStep(t, warm.getNDManager(), train, identity(i * a.batch, a.batch), a.batch);
                }
                try (Predictor<NDList, NDList> p = warm.newPredictor(new NoopTranslator())) {
                    for (int i = 0; i < Math.min(a.warmup, test.n / a.batch); i++) {
                        predict(p, warm.getNDManager(), test, i * a.batch, a.batch);
                    }
                }
            }
        }

        try (Model model = newModel(); Trainer trainer = trainer(model, a.batch)) {
            NDManager manager = model.getNDManager();
            double lossSum = 0;
            long start = System.nanoTime();
            for (int epoch = 0; epoch < a.epochs; epoch++) {
                int[] order = permutation(train.n, new Random(a.seed + epoch));
                lossSum = 0;
                for (int i = 0; i < train.n; i += a.batch) {
                    int b = Math.min(a.batch, train.n - i);
                    int[] idx = java.util.Arrays.copyOfRange(order, i, i + b);
                    lossSum += trainStep(trainer, manager, train, idx, b) * b;
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            int correct = 0;
            start = System.nanoTime();
            try (Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
                for (int i = 0; i < test.n; i += a.batch) {
                    int b = Math.min(a.batch, test.n - i);
                    int[] predicted = predict(p, manager, test, i, b);
                    for (int j = 0; j < b; j++) {
                        if (predicted[j] == test.labels[i + j]) {
                            correct++;
                        }
                    }
                }
            }
            double inferSeconds = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT,
                    "{\"side\": \"djl\", \"label\": \"%s\", \"batch\": %d, \"threads\": %d, \"train_images\": %d, \"test_images\": %d, "
                            + "\"epochs\": %d, \"train_seconds\": %.6f, \"infer_seconds\": %.6f, \"train_ips\": %.3f, \"infer_ips\": %.3f, "
                            + "\"test_accuracy\": %.6f, \"train_loss\": %.6f, \"peak_rss_mb\": %.1f, \"djl\": \"%s\", \"libtorch\": \"%s\"}",
                    a.label.replace("\"", "'"), a.batch, a.threads, train.n, test.n, a.epochs, trainSeconds, inferSeconds,
                    (double) train.n * a.epochs / trainSeconds, test.n / inferSeconds, (double) correct / test.n, lossSum / train.n,
                    peakRssMb(), Engine.getDjlVersion(), engine.getVersion()));
        }
    }

    /** DL4J's example LeNet as DJL blocks; softmax is in the loss. */
    static SequentialBlock lenet() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(20).build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(50).build())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(500).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(10).build());
        // Xavier normal with magnitude 1 over the average fan: N(0, 2 / (fanIn + fanOut)), DL4J's XAVIER
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.AVG, 1f),
                Parameter.Type.WEIGHT);
        return net;
    }

    private static Model newModel() {
        Model m = Model.newInstance("lenet", "PyTorch");
        m.setBlock(lenet());
        return m;
    }

    private static Trainer trainer(Model model, int batch) {
        WeightsOnlyL2Adam adam = new WeightsOnlyL2Adam();
        Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam));
        t.initialize(new Shape(batch, 1, 28, 28));
        model.getBlock().getParameters().values().stream().filter(p -> p.getType() == Parameter.Type.BIAS)
                .forEach(p -> adam.biases.add(p.getId()));
        return t;
    }

    /** One training step on the images {@code idx}; the loss. */
    private static float trainStep(Trainer trainer, NDManager parent, Images data, int[] idx, int b) {
        try (NDManager m = parent.newSubManager()) {
            float[] x = new float[b * Images.PIXELS];
            float[] y = new float[b];
            for (int j = 0; j < b; j++) {
                System.arraycopy(data.pixels, idx[j] * Images.PIXELS, x, j * Images.PIXELS, Images.PIXELS);
                y[j] = data.labels[idx[j]];
            }
            NDArray xb = m.create(x, new Shape(b, 1, 28, 28));
            NDArray yb = m.create(y, new Shape(b));
            float loss;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(xb)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(yb), new NDList(out));
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
            return loss;
        }
    }

    /** The predicted classes of test images {@code from .. from + b - 1}. */
    private static int[] predict(Predictor<NDList, NDList> p, NDManager parent, Images data, int from, int b) throws Exception {
        try (NDManager m = parent.newSubManager()) {
            float[] x = new float[b * Images.PIXELS];
            System.arraycopy(data.pixels, from * Images.PIXELS, x, 0, b * Images.PIXELS);
            NDArray out = p.predict(new NDList(m.create(x, new Shape(b, 1, 28, 28)))).singletonOrThrow();
            long[] argmax = out.argMax(1).toLongArray();
            int[] classes = new int[b];
            for (int j = 0; j < b; j++) {
                classes[j] = (int) argmax[j];
            }
            return classes;
        }
    }

    private static int[] identity(int from, int b) {
        int[] idx = new int[b];
        for (int j = 0; j < b; j++) {
            idx[j] = from + j;
        }
        return idx;
    }

    private static int[] permutation(int n, Random random) {
        int[] p = identity(0, n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
            }
        }
        return -1;
    }

    /**
     * Adam whose L2 term ({@code 5e-4 * w} added to the gradient, as DL4J's {@code l2} and the PyTorch
     * side's {@code weight_decay}) applies to weights only: DJL's own weight decay would apply to biases too.
     */
    static final class WeightsOnlyL2Adam extends Optimizer {
        final Set<String> biases = new HashSet<>();
        private final Optimizer weights = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(L2).build();
        private final Optimizer bias = Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).optWeightDecays(0f).build();

        WeightsOnlyL2Adam() {
            super(Optimizer.adam());
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            (biases.contains(parameterId) ? bias : weights).update(parameterId, weight, grad);
        }
    }

    /** IDX images scaled to [0, 1] and their labels, in memory. */
    static final class Images {
        static final int PIXELS = 28 * 28;
        final int n;
        final float[] pixels;
        final int[] labels;

        private Images(int n, float[] pixels, int[] labels) {
            this.n = n;
            this.pixels = pixels;
            this.labels = labels;
        }

        static Images read(Path dir, String prefix, int limit) throws IOException {
            byte[] images = idx(dir, prefix + "-images-idx3-ubyte", 16);
            byte[] labelBytes = idx(dir, prefix + "-labels-idx1-ubyte", 8);
            int n = labelBytes.length;
            if (limit > 0) {
                n = Math.min(n, limit);
            }
            float[] pixels = new float[n * PIXELS];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (images[i] & 0xFF) / 255f;
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = labelBytes[i] & 0xFF;
            }
            return new Images(n, pixels, labels);
        }

        /** The bytes after the header of NAME or NAME.gz in {@code dir}. */
        private static byte[] idx(Path dir, String name, int header) throws IOException {
            Path gz = dir.resolve(name + ".gz");
            Path plain = dir.resolve(name);
            if (!Files.exists(gz) && !Files.exists(plain)) {
                System.err.println("djl-lenet: " + name + "(.gz) not found in " + dir);
                System.exit(2);
            }
            try (InputStream in = Files.exists(gz) ? new GZIPInputStream(Files.newInputStream(gz)) : Files.newInputStream(plain);
                 DataInputStream d = new DataInputStream(in)) {
                d.skipNBytes(header);
                return d.readAllBytes();
            }
        }
    }

    /** The command line, as bench/torch_lenet.py's. */
    record Args(Path data, int batch, int threads, int epochs, int trainLimit, int testLimit, int seed, int warmup, String label) {
        static Args parse(String[] args) {
            Path data = Path.of("/usr/share/datasets/fashion-mnist");
            int batch = 64, threads = 0, epochs = 1, trainLimit = 0, testLimit = 0, seed = 42, warmup = 30;
            String label = "";
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--data" -> data = Path.of(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--train-limit" -> trainLimit = Integer.parseInt(v);
                    case "--test-limit" -> testLimit = Integer.parseInt(v);
                    case "--seed" -> seed = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--label" -> label = v;
                    default -> {
                        System.err.println("djl-lenet: unknown option " + args[i]);
                        System.exit(2);
                    }
                }
            }
            if (args.length % 2 != 0) {
                System.err.println("djl-lenet: " + args[args.length - 1] + " needs a value");
                System.exit(2);
            }
            return new Args(data, batch, threads, epochs, trainLimit, testLimit, seed, warmup, label);
        }
    }
}
