package cnnlab.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.ExperimentConfig;
import cnnlab.data.Augmentation;
import cnnlab.data.ImageSet;
import cnnlab.data.Task;
import cnnlab.explain.Attribution;
import cnnlab.explain.GallerySelection;
import cnnlab.metrics.Bootstrap;
import cnnlab.metrics.Calibration;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.metrics.TemperatureScaling;
import cnnlab.model.OutputHead;
import cnnlab.plot.ExplanationPlots;
import cnnlab.plot.ReliabilityPlot;

/**
 * What a finished run works out besides its metrics (the {@code analysis} section of the config):
 * bootstrap 95% intervals of the test metrics, the calibration of the test predictions (ECE and a
 * reliability diagram; optionally before and after a temperature fitted on the validation images),
 * and a gallery of test images with their Grad-CAM. Its numbers go to {@code metrics.json} as one
 * block, {@code "analysis"} ({@link #json}), apart from the metrics of record; its pictures are
 * {@code reliability-diagram.png} and {@code gradcam-gallery.png}.
 *
 * @param task the task the metrics follow (IDX data: multi-class)
 * @param intervals the bootstrap intervals, or {@code null} when {@code analysis.bootstrapResamples} is 0
 * @param calibration the test predictions' calibration as the network gives them
 * @param temperature the temperature fitted on the validation images, or NaN when not asked for (or no validation images)
 * @param calibrated the calibration after temperature scaling, or {@code null}
 * @param nll the test NLL before and (with a temperature) after scaling
 * @param validationImages how many images the temperature was fitted on
 * @param gallery the gallery's images, empty when there is none
 * @param point the metric values the intervals are around: acc, auc, sensitivity, specificity (NaN where none)
 */
public record RunAnalysis(Task task, Bootstrap.Result intervals, Calibration calibration, double temperature, Calibration calibrated,
                          double[] nll, int validationImages, List<GallerySelection.Pick> gallery, double[] point) {

    private static final Logger LOG = LoggerFactory.getLogger(RunAnalysis.class);

    /** The picture of the calibration. */
    public static final String RELIABILITY_PNG = "reliability-diagram.png";
    /** The picture of the gallery. */
    public static final String GALLERY_PNG = "gradcam-gallery.png";

    /** The training augmentation the config asks for (logged when any), or {@code null} for none. */
    static Augmentation augmentation(ExperimentConfig config) {
        var a = config.data.augmentation;
        Augmentation aug = new Augmentation(a.flips, a.rotations, a.maxShift, config.seed);
        if (!aug.active()) {
            return null;
        }
        LOG.info("augmentation of the training images: {} (seeded by the run's seed, the epoch and the image's place in it)",
                aug.describe());
        return aug;
    }

    /** Works out the numbers (no pictures yet) from the test evaluation, and the validation images when a temperature is fitted. */
    static RunAnalysis compute(ExperimentConfig config, TrainingData data, MultiLayerNetwork net, Evaluator.Result test,
                               OutputHead head, MedicalMetrics medical) {
        long start = System.nanoTime();
        boolean multiLabel = test.multiLabel();
        Task task = data.medical() ? data.task() : Task.MULTI_CLASS;
        int bins = config.analysis.calibrationBins;
        Calibration before = calibration(test.scores(), test.labels(), multiLabel, bins);
        double t = Double.NaN;
        Calibration after = null;
        double[] nll = {TemperatureScaling.nll(test.scores(), test.labels(), multiLabel, 1), Double.NaN};
        int valImages = 0;
        if (config.analysis.temperatureScaling) {
            if (data.validation().size() == 0) {
                LOG.warn("analysis.temperatureScaling: no validation images to fit a temperature on; reported without it");
            } else {
                Evaluator.Result val = Evaluator.evaluate(net, data.evaluationBatches(data.validation(), 256), config.model.classes,
                        multiLabel);
                t = TemperatureScaling.fit(val.scores(), val.labels(), multiLabel);
                valImages = data.validation().size();
                double[][] scaled = TemperatureScaling.apply(test.scores(), multiLabel, t);
                after = calibration(scaled, test.labels(), multiLabel, bins);
                nll[1] = TemperatureScaling.nll(test.scores(), test.labels(), multiLabel, t);
            }
        }
        Bootstrap.Result intervals = null;
        if (config.analysis.bootstrapResamples > 0 && test.scores().length > 0) {
            intervals = Bootstrap.of(task, test.scores(), test.labels(), medical != null, config.analysis.bootstrapResamples,
                    config.analysis.bootstrapSeed);
        }
        double[] point = {medical != null ? medical.acc() : test.accuracy(), medical != null ? medical.auc() : Double.NaN,
                medical != null ? medical.sensitivity() : Double.NaN, medical != null ? medical.specificity() : Double.NaN};
        List<GallerySelection.Pick> gallery = List.of();
        if (!multiLabel && config.analysis.galleryPerClass > 0 && config.output.plots) {
            gallery = GallerySelection.choose(test.scores(), test.labels(), config.analysis.galleryPerClass);
        }
        RunAnalysis a = new RunAnalysis(task, intervals, before, t, after, nll, valImages, gallery, point);
        LOG.info("{} ({} ms)", a.summary(), Math.round((System.nanoTime() - start) / 1e6));
        return a;
    }

    private static Calibration calibration(double[][] scores, int[] labels, boolean multiLabel, int bins) {
        return multiLabel ? Calibration.ofLabels(scores, labels, bins) : Calibration.ofClasses(scores, labels, bins);
    }

    /** One line for the log: the intervals and the ECE. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        if (intervals != null) {
            s.append(String.format(Locale.ROOT, "95%% bootstrap intervals (%d resamples): ACC %s", intervals.resamples(),
                    range(point[0], intervals.acc())));
            if (intervals.auc() != null) {
                s.append(", AUC ").append(range(point[1], intervals.auc()));
            }
            if (intervals.sensitivity() != null) {
                s.append(", sensitivity ").append(range(point[2], intervals.sensitivity())).append(", specificity ")
                        .append(range(point[3], intervals.specificity()));
            }
            s.append("; ");
        }
        s.append(String.format(Locale.ROOT, "ECE %.4f (%d bins)", calibration.ece(), calibration.bins()));
        if (calibrated != null) {
            s.append(String.format(Locale.ROOT, ", %.4f after temperature scaling (T = %.3f, fitted on %d validation images)",
                    calibrated.ece(), temperature, validationImages));
        }
        return s.toString();
    }

    private static String range(double v, Bootstrap.Interval i) {
        return i == null ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", v, i.low(), i.high());
    }

    /** The block {@code "analysis"} of metrics.json (NaN as null). */
    public Map<String, Object> json(boolean pictures) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (intervals != null) {
            Map<String, Object> iv = new LinkedHashMap<>();
            iv.put("method", "percentile bootstrap over the test images");
            iv.put("level", 0.95);
            iv.put("resamples", intervals.resamples());
            iv.put("seed", intervals.seed());
            iv.put("acc", interval(point[0], intervals.acc()));
            if (intervals.auc() != null) {
                iv.put("auc", interval(point[1], intervals.auc()));
            }
            if (intervals.sensitivity() != null) {
                iv.put("sensitivity", interval(point[2], intervals.sensitivity()));
                iv.put("specificity", interval(point[3], intervals.specificity()));
            }
            m.put("intervals", iv);
        }
        Map<String, Object> cal = calibrationJson(calibration);
        cal.put("predictions", java.util.Arrays.stream(calibration.count()).sum());
        cal.put("confidence", task.multiLabel() ? "each label: max(p, 1 - p) at the threshold 0.5" : "the highest class probability");
        cal.put("testNll", num(nll[0]));
        if (pictures) {
            cal.put("picture", RELIABILITY_PNG);
        }
        if (calibrated != null) {
            Map<String, Object> ts = calibrationJson(calibrated);
            ts.put("temperature", temperature);
            ts.put("fittedOn", "validation");
            ts.put("validationImages", validationImages);
            ts.put("testNll", num(nll[1]));
            cal.put("temperatureScaling", ts);
        }
        m.put("calibration", cal);
        if (!gallery.isEmpty()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("picture", GALLERY_PNG);
            g.put("method", "Grad-CAM of the predicted class at the last conv layer (saliency |dz/dx| without a conv layer)");
            List<Map<String, Object>> images = new ArrayList<>();
            for (GallerySelection.Pick p : gallery) {
                Map<String, Object> im = new LinkedHashMap<>();
                im.put("testIndex", p.index());
                im.put("trueClass", p.trueClass());
                im.put("predicted", p.predicted());
                im.put("probability", p.probability());
                im.put("correct", p.correct());
                images.add(im);
            }
            g.put("images", images);
            m.put("gallery", g);
        }
        return m;
    }

    private static Map<String, Object> calibrationJson(Calibration c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bins", c.bins());
        m.put("ece", num(c.ece()));
        m.put("binConfidence", nums(c.confidence()));
        m.put("binAccuracy", nums(c.accuracy()));
        m.put("binCount", c.count());
        return m;
    }

    private static Map<String, Object> interval(double value, Bootstrap.Interval i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", num(value));
        m.put("low", i == null ? null : i.low());
        m.put("high", i == null ? null : i.high());
        return m;
    }

    private static Double num(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static List<Double> nums(double[] v) {
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(num(x));
        }
        return out;
    }

    /** Draws the reliability diagram and the gallery into the run directory. */
    void draw(RunDirectory dir, MultiLayerNetwork net, TrainingData data, ExperimentConfig config) throws IOException {
        long start = System.nanoTime();
        ReliabilityPlot.draw(new ReliabilityPlot.Curve("network", calibration.confidence(), calibration.accuracy(), calibration.ece()),
                calibrated == null ? null : new ReliabilityPlot.Curve(String.format(Locale.ROOT, "T = %.2f", temperature),
                        calibrated.confidence(), calibrated.accuracy(), calibrated.ece()),
                calibration.bins(), java.util.Arrays.stream(calibration.count()).sum(),
                "Reliability on the test images (" + data.source().name() + ")", dir.root().resolve(RELIABILITY_PNG));
        if (!gallery.isEmpty()) {
            drawGallery(dir, net, data, config);
        }
        LOG.info("{} and {} drawn ({} ms)", RELIABILITY_PNG, gallery.isEmpty() ? "no gallery" : GALLERY_PNG + " (" + gallery.size()
                + " images)", Math.round((System.nanoTime() - start) / 1e6));
    }

    private void drawGallery(RunDirectory dir, MultiLayerNetwork net, TrainingData data, ExperimentConfig config) throws IOException {
        int[] indices = gallery.stream().mapToInt(GallerySelection.Pick::index).toArray();
        int[] targets = gallery.stream().mapToInt(GallerySelection.Pick::predicted).toArray();
        ImageSet picked = data.test().subset(indices);
        DataSet batch = data.evaluationBatches(picked, picked.size()).next();
        Attribution attribution = Attribution.of(net);
        List<Attribution.Maps> maps = attribution.explain(batch.getFeatures(), targets);
        int perClass = config.analysis.galleryPerClass;
        int classes = config.model.classes;
        List<List<ExplanationPlots.Tile>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<ExplanationPlots.Tile> row = new ArrayList<>();
            for (int k = 0; k < gallery.size(); k++) {
                GallerySelection.Pick p = gallery.get(k);
                if (p.trueClass() != c) {
                    continue;
                }
                Attribution.Maps mp = maps.get(k);
                double[][] heat = mp.camUpsampled() != null ? mp.camUpsampled() : ExplanationPlots.maxAbs(mp.saliency());
                row.add(new ExplanationPlots.Tile(pixels(picked, k), heat, List.of(
                        (p.correct() ? "right: " : "wrong: ") + name(data, p.predicted()),
                        String.format(Locale.ROOT, "p = %.3f  #%d", p.probability(), p.index())), p.correct()));
            }
            rows.add(row);
            labels.add(c + " " + (data.medical() ? data.classNames().get(c) : ""));
        }
        String layer = attribution.camLayer() >= 0 ? "Grad-CAM at layer " + attribution.camLayer() + " (the last conv layer)"
                : "saliency |dz/dx| (no conv layer)";
        ExplanationPlots.gallery(rows, labels, 2 * perClass, "Where the network looks: the surest right and wrong test images per class",
                layer + " of the predicted class; rows: true class; up to " + perClass + " right, then " + perClass + " wrong",
                dir.root().resolve(GALLERY_PNG));
    }

    private static String name(TrainingData data, int c) {
        return data.medical() && c < data.classNames().size() ? c + " " + data.classNames().get(c) : Integer.toString(c);
    }

    /** Image {@code i} of {@code set} as {@code [C][H][W]} pixel values 0..255. */
    static double[][][] pixels(ImageSet set, int i) {
        double[][][] out = new double[set.channels()][set.rows()][set.cols()];
        for (int c = 0; c < set.channels(); c++) {
            for (int y = 0; y < set.rows(); y++) {
                for (int x = 0; x < set.cols(); x++) {
                    out[c][y][x] = set.pixel(i, c, y, x);
                }
            }
        }
        return out;
    }


    /**
     * Writes the run's {@code report.html}. A page that cannot be written is a warning, not a failed
     * run: the model and metrics are already saved ({@code cnnlab report RUN} writes it again).
     */
    static void writeReport(RunDirectory dir) {
        try {
            long start = System.nanoTime();
            cnnlab.report.RunReport.write(dir.root());
            LOG.info("report: {} ({} ms)", dir.root().resolve(cnnlab.report.RunReport.FILE), Math.round((System.nanoTime() - start) / 1e6));
        } catch (IOException | RuntimeException e) {
            LOG.warn("report.html not written: {}; cnnlab report {} tries again", e.toString(), dir.root());
        }
    }
}
