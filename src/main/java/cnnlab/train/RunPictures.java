package cnnlab.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.ExperimentConfig;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.metrics.Roc;
import cnnlab.plot.EpochPoint;
import cnnlab.plot.Plots;

/**
 * Draws the pictures the lab talks about from a trained network: loss and accuracy curves, the
 * confusion matrix (single-label data; MedMNIST's class names on the axes), the ROC curve (binary
 * MedMNIST data), the first conv layer's learned kernels, and the feature maps of the conv layers
 * for the first test image (for a colour image, the input is shown as the mean of its channels).
 */
final class RunPictures {

    private static final Logger LOG = LoggerFactory.getLogger(RunPictures.class);

    private RunPictures() {
    }

    static void draw(RunDirectory dir, MultiLayerNetwork net, TrainingState state, Evaluator.Result test, TrainingData data,
                     ExperimentConfig config, MedicalMetrics medical) throws IOException {
        List<EpochPoint> points = state.history.stream()
                .map(m -> new EpochPoint(m.epoch(), m.trainLoss(), m.validationLoss(), m.validationAccuracy())).toList();
        Plots.trainingCurves(points, config.name + " (" + data.source().name() + ")", dir.trainingCurves());
        List<String> names = new ArrayList<>();
        for (int c = 0; c < config.model.classes; c++) {
            names.add(data.medical() && c < data.classNames().size() ? data.classNames().get(c) : Integer.toString(c));
        }
        if (test.evaluation() != null) {
            int[][] confusion = MetricsReport.confusion(test.evaluation());
            if (confusion.length == names.size()) {
                Plots.confusionMatrix(confusion, names, "Test confusion matrix, accuracy "
                        + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * test.accuracy()), dir.confusionMatrix());
            }
        }
        if (medical != null && medical.roc() != null) {
            Roc.Curve roc = medical.roc();
            Plots.roc(roc.falsePositiveRate(), roc.truePositiveRate(), roc.auc(),
                    new double[] {1 - medical.specificity(), medical.sensitivity()},
                    "ROC on the test images: " + data.classNames().get(1) + " vs " + data.classNames().get(0) + " ("
                            + data.source().name() + ")", dir.rocCurve());
        }
        List<Integer> convs = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof ConvolutionLayer) {
                convs.add(i);
            }
        }
        if (convs.isEmpty()) {
            LOG.info("no conv layer: no kernel or feature-map pictures");
            return;
        }
        INDArray w = net.getLayer(convs.get(0)).getParam("W");
        Plots.kernels(toArray4(w), "conv layer 1: " + w.size(0) + " learned " + w.size(2) + "x" + w.size(3) + " kernels", dir.kernels());
        DataSet first = data.evaluationBatches(data.test(), 1).next();
        List<INDArray> activations = net.feedForward(first.getFeatures(), false);
        double[][][] channels = toArray3(first.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        double[][] image = channels.length == 1 ? channels[0] : mean(channels);
        String label = labelText(first.getLabels(), data);
        for (int n = 0; n < Math.min(2, convs.size()); n++) {
            INDArray maps = activations.get(convs.get(n) + 1).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
            Plots.featureMaps(image, toArray3(maps), "conv layer " + (n + 1) + ": " + maps.size(0) + " feature maps of a test image ("
                    + label + ")", dir.featureMaps(n + 1));
        }
    }

    /** "label 7" for IDX data, "label pneumonia" for MedMNIST, "labels: effusion, mass" (or "no label") for multi-label data. */
    private static String labelText(INDArray oneRow, TrainingData data) {
        if (data.task().multiLabel()) {
            List<String> on = new ArrayList<>();
            for (int c = 0; c < oneRow.size(1); c++) {
                if (oneRow.getDouble(0, c) > 0.5) {
                    on.add(data.classNames().get(c));
                }
            }
            return on.isEmpty() ? "no label" : "labels: " + String.join(", ", on);
        }
        int label = oneRow.argMax(1).getInt(0);
        return "label " + (data.medical() ? data.classNames().get(label) : Integer.toString(label));
    }

    /** The mean over the channels, {@code [H][W]}. */
    private static double[][] mean(double[][][] channels) {
        double[][] m = new double[channels[0].length][channels[0][0].length];
        for (double[][] ch : channels) {
            for (int y = 0; y < m.length; y++) {
                for (int x = 0; x < m[0].length; x++) {
                    m[y][x] += ch[y][x] / channels.length;
                }
            }
        }
        return m;
    }

    private static double[][][][] toArray4(INDArray a) {
        long[] s = a.shape();
        double[][][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    for (int l = 0; l < s[3]; l++) {
                        out[i][j][k][l] = a.getDouble(i, j, k, l);
                    }
                }
            }
        }
        return out;
    }

    private static double[][][] toArray3(INDArray a) {
        long[] s = a.shape();
        double[][][] out = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    out[i][j][k] = a.getDouble(i, j, k);
                }
            }
        }
        return out;
    }
}
