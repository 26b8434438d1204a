package cnnlab.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ConfigTree;
import cnnlab.config.ExperimentConfig;
import cnnlab.model.NetworkFactory;

/**
 * Saliency and Grad-CAM against closed forms and finite differences, on networks cnnlab builds from
 * configs (DL4J's layers, cnnlab's FastConvolution2D).
 */
class AttributionTest {

    private static ExperimentConfig config(String... settings) {
        Path file = Path.of("configs/default.yaml");
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(file));
        List<String> all = new ArrayList<>(List.of(settings));
        ConfigTree.apply(tree, all, file);
        return ConfigLoader.fromTree(tree, file);
    }

    private static INDArray randomImages(int b, int c, int h, int w, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, b, c, h, w);
    }

    /** A linear model (no hidden layer: the output layer on the flattened image): saliency of class c is W[:, c]. */
    @Test
    void saliencyOfALinearModelIsItsWeights() {
        ExperimentConfig c = config("model.layers=[]", "model.input.channels=2", "model.input.height=5", "model.input.width=7",
                "model.classes=3");
        MultiLayerNetwork net = NetworkFactory.create(c);
        INDArray x = randomImages(4, 2, 5, 7, 1);
        int[] targets = {0, 1, 2, 1};
        List<Attribution.Maps> maps = Attribution.of(net).explain(x, targets);
        INDArray w = net.getLayer(0).getParam("W");   // [2*5*7, 3], inputs in (channel, row, column) order
        for (int i = 0; i < 4; i++) {
            Attribution.Maps m = maps.get(i);
            for (int ch = 0; ch < 2; ch++) {
                for (int r = 0; r < 5; r++) {
                    for (int col = 0; col < 7; col++) {
                        double weight = w.getDouble((ch * 5 + r) * 7 + col, targets[i]);
                        assertEquals(weight, m.saliency()[ch][r][col], 1e-6, "saliency = W[:, c] at " + ch + "," + r + "," + col);
                        assertEquals(weight * x.getDouble(i, ch, r, col), m.gradientTimesInput()[ch][r][col], 1e-6);
                    }
                }
            }
            assertEquals(-1, m.camLayer());
            assertNull(m.cam(), "no conv layer, no Grad-CAM");
        }
    }

    /** A linear hidden layer (identity activation): saliency is the product of the two weight matrices' class column. */
    @Test
    void saliencyThroughALinearHiddenLayerIsTheWeightProduct() {
        ExperimentConfig c = config("model.layers=[{type: dense, units: 6, activation: identity}]", "model.input.height=4",
                "model.input.width=4", "model.classes=3");
        MultiLayerNetwork net = NetworkFactory.create(c);
        INDArray x = randomImages(2, 1, 4, 4, 2);
        List<Attribution.Maps> maps = Attribution.of(net).explain(x, new int[] {2, 0});
        INDArray product = net.getLayer(0).getParam("W").mmul(net.getLayer(1).getParam("W"));   // [16, 3]
        for (int r = 0; r < 4; r++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(product.getDouble(r * 4 + col, 2), maps.get(0).saliency()[0][r][col], 1e-5);
                assertEquals(product.getDouble(r * 4 + col, 0), maps.get(1).saliency()[0][r][col], 1e-5);
            }
        }
    }

    /** LeNet (conv, max-pool, dense, dropout): saliency equals central differences of the logit, in double precision. */
    @Test
    void saliencyOfLeNetMatchesFiniteDifferences() {
        {
            ExperimentConfig c = config("model.input.height=12", "model.input.width=12", "model.classes=4",
                    "model.layers=[{type: conv, filters: 3, kernel: 3}, {type: pool, size: 2}, {type: conv, filters: 4, kernel: 3},"
                            + " {type: dense, units: 8, dropout: 0.5}]", "model.weightInit=relu");
            MultiLayerNetwork net = NetworkFactory.create(c).convertDataType(DataType.DOUBLE);
            INDArray x = randomImages(1, 1, 12, 12, 3).castTo(DataType.DOUBLE);
            Attribution a = Attribution.of(net);
            Attribution.Maps m = a.explain(x, new int[] {1}).get(0);
            assertEquals(2, a.camLayer(), "Grad-CAM at the second conv layer");
            assertEquals(logit(net, x, 1), m.score(), 1e-9);
            double h = 1e-5;
            int checked = 0;
            for (int r = 0; r < 12; r += 1) {
                for (int col = r % 3; col < 12; col += 3) {
                    INDArray plus = x.dup();
                    plus.putScalar(new long[] {0, 0, r, col}, x.getDouble(0, 0, r, col) + h);
                    INDArray minus = x.dup();
                    minus.putScalar(new long[] {0, 0, r, col}, x.getDouble(0, 0, r, col) - h);
                    double numeric = (logit(net, plus, 1) - logit(net, minus, 1)) / (2 * h);
                    assertEquals(numeric, m.saliency()[0][r][col], 1e-6, "d z_1 / d x at " + r + "," + col);
                    checked++;
                }
            }
            assertEquals(48, checked);
            assertEquals(12, m.camUpsampled().length);
            assertEquals(3, m.cam().length, "the second conv layer's maps are 3x3 (12, conv 10, pool 5, conv 3)");
            for (double[] row : m.cam()) {
                for (double v : row) {
                    assertTrue(v >= 0, "Grad-CAM is a ReLU");
                }
            }
        }
    }

    /** The logit z_c: the output layer's input (in inference mode) times W[:, c] plus b_c. */
    private static double logit(MultiLayerNetwork net, INDArray x, int c) {
        int n = net.getnLayers();
        List<INDArray> acts = net.feedForwardToLayer(n - 2, x, false);
        INDArray h = acts.get(n - 1);
        h = h.reshape(h.size(0), -1);
        INDArray w = net.getLayer(n - 1).getParam("W");
        return h.mmul(w.getColumn(c).reshape(-1, 1)).getDouble(0, 0) + net.getLayer(n - 1).getParam("b").getDouble(c);
    }

    @Test
    void resizeKeepsAConstantAndCentresPixels() {
        double[][] up = Attribution.resize(new double[][] {{0, 1}}, 1, 4);
        // pixel centres at 0.25, 0.75 of the source's two cells: clamped, 0.25, 0.75, clamped
        assertEquals(0.0, up[0][0], 1e-12);
        assertEquals(0.25, up[0][1], 1e-12);
        assertEquals(0.75, up[0][2], 1e-12);
        assertEquals(1.0, up[0][3], 1e-12);
    }

    @Test
    void gradCamWeighsMapsByTheirMeanGradient() {
        double[][][] a = {{{1, 2}, {3, 4}}, {{4, 0}, {0, 0}}};
        double[][][] g = {{{1, 1}, {1, 1}}, {{-2, -2}, {-2, -2}}};
        double[][] cam = Attribution.gradCam(a, g);
        // 1 * A0 - 2 * A1 = {{1 - 8, 2}, {3, 4}}, then ReLU
        assertEquals(0.0, cam[0][0]);
        assertEquals(2.0, cam[0][1]);
        assertEquals(4.0, cam[1][1]);
    }
}
