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
import cnnlab.plot.EpochPoint;
import cnnlab.plot.Plots;

/**
 * Draws the pictures the lab talks about from a trained network: loss and accuracy curves, the
 * confusion matrix, the first conv layer's learned kernels, and the feature maps of the conv layers
 * for the first test image.
 */
final class RunPictures {

    private static final Logger LOG = LoggerFactory.getLogger(RunPictures.class);

    private RunPictures() {
    }

    static void draw(RunDirectory dir, MultiLayerNetwork net, TrainingState state, Evaluator.Result test, TrainingData data,
                     ExperimentConfig config) throws IOException {
        List<EpochPoint> points = state.history.stream()
                .map(m -> new EpochPoint(m.epoch(), m.trainLoss(), m.validationLoss(), m.validationAccuracy())).toList();
        Plots.trainingCurves(points, config.name + " (" + data.files().name() + ")", dir.trainingCurves());
        List<String> names = new ArrayList<>();
        for (int c = 0; c < config.model.classes; c++) {
            names.add(Integer.toString(c));
        }
        int[][] confusion = MetricsReport.confusion(test.evaluation());
        if (confusion.length == names.size()) {
            Plots.confusionMatrix(confusion, names, "Test confusion matrix, accuracy "
                    + String.format(java.util.Locale.ROOT, "%.2f%%", 100 * test.accuracy()), dir.confusionMatrix());
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
        double[][] image = toArray3(first.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)))[0];
        int label = first.getLabels().argMax(1).getInt(0);
        for (int n = 0; n < Math.min(2, convs.size()); n++) {
            INDArray maps = activations.get(convs.get(n) + 1).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0));
            Plots.featureMaps(image, toArray3(maps), "conv layer " + (n + 1) + ": " + maps.size(0) + " feature maps of a test image (label "
                    + label + ")", dir.featureMaps(n + 1));
        }
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
