package cnnlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.ExperimentConfig;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.train.ImageBatches;
import cnnlab.model.MinibatchSplit;
import cnnlab.model.NetworkFactory;
import cnnlab.runtime.RuntimeSettings;
import cnnlab.train.EpochLoop;
import cnnlab.train.TrainingData;

/**
 * One benchmark run of the DL4J side: the config's network (built by {@link NetworkFactory}, as
 * {@code cnnlab train} builds it) trained for the config's epochs on {@link ImageBatches} (as
 * {@code cnnlab train} feeds it), then timed on inference over the test images.
 *
 * <p><b>Timed regions.</b> The images are decoded and normalised into memory before any timing (as
 * on the PyTorch side). Training time runs from the first minibatch to the end of the last epoch and
 * includes assembling each minibatch from the in-memory floats (prefetched on a background thread
 * when {@code runtime.prefetchBatches > 0}, as in training), {@code fit} and {@code score}. Inference
 * time covers {@code output(batch)} over the whole test set, in minibatches of the training batch
 * size, including building each batch and counting its correct predictions (in Java, see
 * {@link #correctPredictions}); with several {@code runtime.threads} each minibatch is split
 * over them as in training ({@link MinibatchSplit}). Before timing, a throwaway network of the same config is
 * trained and run for a few minibatches (JIT and native warm-up); the timed network is fresh. The
 * epochs run through {@link EpochLoop}, the loop {@code cnnlab train} runs, dropout seeds included.
 *
 * <p>The result is one line of JSON (see {@link #toJson}); peak RSS is the process's
 * {@code VmHWM} from {@code /proc/self/status} at the end.
 */
public final class Benchmark {

    /** What one run measured. */
    public record Result(int batchSize, int threads, int trainImages, int testImages, int epochs,
            double trainSeconds, double inferSeconds, double testAccuracy, double finalLoss, long peakRssKb) {

        public double trainImagesPerSecond() {
            return trainImages * (double) epochs / trainSeconds;
        }

        public double inferImagesPerSecond() {
            return testImages / inferSeconds;
        }
    }

    private Benchmark() {
    }

    /**
     * Runs the benchmark of {@code config}.
     *
     * @param warmupBatches minibatches of warm-up training and inference before timing (0 for none)
     */
    public static Result run(ExperimentConfig config, int warmupBatches) {
        RuntimeSettings.apply(config.runtime);
        TrainingData data = TrainingData.load(config);
        int batch = config.training.batchSize;
        ImageBatches train = data.trainBatches(batch, config.seed);
        ImageBatches test = ImageBatches.inOrder(data.test(), batch, data.normaliser());

        if (warmupBatches > 0) {
            MultiLayerNetwork warm = NetworkFactory.create(config);
            MinibatchSplit warmSplit = MinibatchSplit.of(warm);
            ImageBatches w = data.trainBatches(batch, config.seed + 1);
            for (int i = 0; i < warmupBatches && w.hasNext(); i++) {
                warmSplit.fit(w.next(), i);
                warm.score();
            }
            for (int i = 0; i < warmupBatches && test.hasNext(); i++) {
                warmSplit.output(test.next().getFeatures());
            }
            test.setEpoch(0);
        }

        MultiLayerNetwork net = NetworkFactory.create(config);
        long iteration = 0;
        double[] loss = new double[2];   // the last epoch's loss sum over its images, and their number
        long start = System.nanoTime();
        for (int epoch = 0; epoch < config.training.epochs; epoch++) {
            train.setEpoch(epoch);
            loss[0] = 0;
            loss[1] = 0;
            iteration = EpochLoop.run(net, train, config.seed, iteration, config.runtime, (i, images, score) -> {
                loss[0] += score * images;
                loss[1] += images;
            }).nextIteration();
            net.setEpochCount(epoch + 1);
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        long correct = 0;
        test.setEpoch(0);
        start = System.nanoTime();
        MinibatchSplit split = MinibatchSplit.of(net);
        while (test.hasNext()) {
            DataSet ds = test.next();
            correct += correctPredictions(split.output(ds.getFeatures()), ds.getLabels());
        }
        double inferSeconds = (System.nanoTime() - start) / 1e9;
        int threads = config.runtime.threads > 0 ? config.runtime.threads : ompThreads();
        return new Result(batch, threads, data.train().size(), data.test().size(), config.training.epochs, trainSeconds,
                inferSeconds, correct / (double) data.test().size(), loss[0] / Math.max(1, loss[1]), peakRssKb());
    }

    /**
     * How many rows of {@code outputs} {@code [b, classes]} have their largest value in the column of
     * the one-hot {@code labels} row's 1 (the first largest, as ND4J's {@code argMax} picks:
     * {@link MedicalMetrics#argmax}): counted in Java on bulk copies of the two arrays, as the DJL side counts, not with ND4J's {@code argMax},
     * {@code eq} and {@code sum}. Why: those operations are the only ones of the timed inference loop
     * that training has not run (a BOOL array, for one), and their first use made the JIT throw away
     * ND4J's compiled hot paths, which then ran slowly for most of the 157 timed minibatches
     * (bench/NOTES.md, section 9, attempt K).
     */
    static long correctPredictions(INDArray outputs, INDArray labels) {
        if (outputs.rank() != 2 || !java.util.Arrays.equals(outputs.shape(), labels.shape())) {
            throw new IllegalArgumentException("outputs " + outputs.shapeInfoToString() + " and labels " + labels.shapeInfoToString()
                    + ": expected the same shape [examples, classes]");
        }
        double[][] out = rows(outputs);
        double[][] label = rows(labels);
        long correct = 0;
        for (int i = 0; i < out.length; i++) {
            if (MedicalMetrics.argmax(out[i]) == MedicalMetrics.argmax(label[i])) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * The rows of {@code a} {@code [examples, classes]} as doubles, from one bulk copy of its floats (a whole
     * c-order float array is copied as it is; anything else first becomes one). Not ND4J's
     * {@code toDoubleMatrix}, which reads element by element and made the timed loop slower.
     */
    private static double[][] rows(INDArray a) {
        boolean whole = a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && !a.isView() && a.data().length() == a.length();
        float[] flat = (whole ? a : a.castTo(DataType.FLOAT).dup('c')).data().asFloat();
        int classes = (int) a.size(1);
        double[][] rows = new double[(int) a.size(0)][classes];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < classes; c++) {
                rows[i][c] = flat[i * classes + c];
            }
        }
        return rows;
    }

    /** OMP_NUM_THREADS if set, else ND4J's own thread count. */
    private static int ompThreads() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        } catch (NumberFormatException e) {
            return Nd4j.getEnvironment().maxThreads();
        }
    }

    /** The process's peak resident set size in kB ({@code VmHWM}), or -1 where /proc is missing. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }

    /** The result as one line of JSON, the format bench/run reads from both sides. */
    public static String toJson(Result r, String label) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", "cnnlab");
        m.put("label", label);
        m.put("batch", r.batchSize());
        m.put("threads", r.threads());
        m.put("train_images", r.trainImages());
        m.put("test_images", r.testImages());
        m.put("epochs", r.epochs());
        m.put("train_seconds", r.trainSeconds());
        m.put("infer_seconds", r.inferSeconds());
        m.put("train_ips", r.trainImagesPerSecond());
        m.put("infer_ips", r.inferImagesPerSecond());
        m.put("test_accuracy", r.testAccuracy());
        m.put("train_loss", r.finalLoss());
        m.put("peak_rss_mb", r.peakRssKb() / 1024.0);
        StringBuilder sb = new StringBuilder("{");
        for (var e : m.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ");
            Object v = e.getValue();
            if (v instanceof String s) {
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else if (v instanceof Double d) {
                sb.append(String.format(Locale.ROOT, "%.6g", d));
            } else {
                sb.append(v);
            }
        }
        return sb.append('}').toString();
    }
}
