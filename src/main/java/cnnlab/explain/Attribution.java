package cnnlab.explain;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a network looks: saliency, gradient x input and Grad-CAM of one class score, computed with
 * DL4J's own layers and their own backward passes.
 *
 * <p><b>What is differentiated.</b> The class score is the output layer's pre-activation
 * {@code z_c = h . W[:, c] + b_c} (the logit before the softmax or sigmoid), as in Grad-CAM's paper
 * (Selvaraju et al., ICCV 2017) and Simonyan et al.'s saliency maps. Its gradient with respect to the
 * output layer's input {@code h} is the weight column {@code W[:, c]}; from there the gradient goes
 * down the network through each layer's {@link Layer#backpropGradient} and each input
 * preprocessor's {@link InputPreProcessor#backprop} (the same calls DL4J's training makes), so the
 * epsilon at every layer is DL4J's own. The forward pass is made layer by layer in inference mode,
 * keeping each layer's input and output.
 *
 * <ul>
 *   <li><b>saliency</b>: {@code d z_c / d x}, per channel and pixel of the (normalised) input;</li>
 *   <li><b>gradient x input</b>: that gradient times the input, pixel by pixel;</li>
 *   <li><b>Grad-CAM</b> at the last conv layer: with feature maps {@code A_k} (after the activation) and
 *       {@code alpha_k} the mean over the map's positions of {@code d z_c / d A_k},
 *       {@code ReLU(sum_k alpha_k A_k)}, then resized bilinearly to the input's size (pixel centres
 *       aligned, as OpenCV's {@code resize}).</li>
 * </ul>
 *
 * <p>The network is cloned once with dropout switched off: DL4J's dense layers apply dropout in
 * their backward pass's recomputation of the forward one, which would make the maps random.
 */
public final class Attribution {

    /**
     * The maps of one image.
     *
     * @param target the class whose score was differentiated
     * @param score that class's logit {@code z_c}
     * @param probability the network's output for that class (softmax or sigmoid)
     * @param saliency {@code [C][H][W]}: {@code d z_c / d x}
     * @param gradientTimesInput {@code [C][H][W]}
     * @param camLayer the index of the layer Grad-CAM used, or -1 when the network has no conv layer
     * @param cam {@code [h][w]} Grad-CAM at that layer's resolution (non-negative), or {@code null}
     * @param camUpsampled {@code [H][W]}: {@code cam} resized to the input, or {@code null}
     */
    public record Maps(int target, double score, double probability, double[][][] saliency, double[][][] gradientTimesInput,
                       int camLayer, double[][] cam, double[][] camUpsampled) {
    }

    private final MultiLayerNetwork net;
    private final int camLayer;

    private Attribution(MultiLayerNetwork net, int camLayer) {
        this.net = net;
        this.camLayer = camLayer;
    }

    /**
     * Attribution for {@code network}, whose last layer must be a dense {@link OutputLayer}. The
     * network itself is not changed (a clone without dropout is used).
     */
    public static Attribution of(MultiLayerNetwork network) {
        int n = network.getnLayers();
        if (!(network.getLayerWiseConfigurations().getConf(n - 1).getLayer() instanceof OutputLayer)) {
            throw new IllegalArgumentException("the last layer is not a dense output layer: "
                    + network.getLayerWiseConfigurations().getConf(n - 1).getLayer().getClass().getSimpleName());
        }
        MultiLayerNetwork copy = network.clone();
        int cam = -1;
        for (int i = 0; i < n; i++) {
            copy.getLayerWiseConfigurations().getConf(i).getLayer().setIDropout(null);
            if (copy.getLayerWiseConfigurations().getConf(i).getLayer() instanceof ConvolutionLayer) {
                cam = i;
            }
        }
        return new Attribution(copy, cam);
    }

    /** The index of the layer Grad-CAM uses (the last conv layer), or -1 if there is none. */
    public int camLayer() {
        return camLayer;
    }

    /**
     * The maps of each image of {@code features} ({@code [b, C, H, W]}, normalised as in training) for
     * its class {@code targets[i]}. The images go through together: each image's score depends only on
     * its own input, so the batch's gradients are the images' own.
     */
    public List<Maps> explain(INDArray features, int[] targets) {
        int b = (int) features.size(0);
        if (targets.length != b) {
            throw new IllegalArgumentException(targets.length + " targets for " + b + " images");
        }
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int n = net.getnLayers();
        INDArray x = features.castTo(net.params().dataType());
        INDArray[] inputs = new INDArray[n];
        INDArray[] outputs = new INDArray[n];
        INDArray a = x;
        for (int i = 0; i < n; i++) {
            InputPreProcessor pp = conf.getInputPreProcess(i);
            if (pp != null) {
                a = pp.preProcess(a, b, mgr);
            }
            inputs[i] = a;
            Layer layer = net.getLayer(i);
            layer.setInput(a, mgr);
            a = layer.activate(false, mgr).dup();
            outputs[i] = a;
        }
        Layer out = net.getLayer(n - 1);
        INDArray w = out.getParam("W");
        INDArray bias = out.getParam("b");
        INDArray h = inputs[n - 1];
        INDArray eps = Nd4j.create(w.dataType(), b, w.size(0));
        double[] scores = new double[b];
        double[] probabilities = new double[b];
        for (int r = 0; r < b; r++) {
            int c = targets[r];
            if (c < 0 || c >= w.size(1)) {
                throw new IllegalArgumentException("class " + c + " is outside 0.." + (w.size(1) - 1));
            }
            INDArray column = w.getColumn(c);
            eps.putRow(r, column);
            scores[r] = h.getRow(r).mul(column).sumNumber().doubleValue() + bias.getDouble(c);
            probabilities[r] = outputs[n - 1].getDouble(r, c);
        }
        INDArray camA = null;
        INDArray camG = null;
        for (int i = n - 1; i >= 0; i--) {
            InputPreProcessor pp = conf.getInputPreProcess(i);
            if (pp != null) {
                eps = pp.backprop(eps, b, mgr);
            }
            if (i == 0) {
                break;
            }
            if (i - 1 == camLayer) {
                camA = outputs[i - 1];
                camG = eps.dup();
            }
            Layer layer = net.getLayer(i - 1);
            layer.setInput(inputs[i - 1], mgr);
            eps = layer.backpropGradient(eps, mgr).getSecond();
        }
        List<Maps> maps = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            double[][][] s = image(eps, r);
            double[][][] in = image(x, r);
            double[][][] gxi = new double[s.length][s[0].length][s[0][0].length];
            for (int ch = 0; ch < s.length; ch++) {
                for (int y = 0; y < s[0].length; y++) {
                    for (int xx = 0; xx < s[0][0].length; xx++) {
                        gxi[ch][y][xx] = s[ch][y][xx] * in[ch][y][xx];
                    }
                }
            }
            double[][] cam = null;
            double[][] up = null;
            if (camA != null) {
                cam = gradCam(image(camA, r), image(camG, r));
                up = resize(cam, s[0].length, s[0][0].length);
            }
            maps.add(new Maps(targets[r], scores[r], probabilities[r], s, gxi, camLayer, cam, up));
        }
        return maps;
    }

    /** {@code ReLU(sum_k alpha_k A_k)} with {@code alpha_k} the mean of {@code G_k}. */
    static double[][] gradCam(double[][][] activations, double[][][] gradients) {
        int k = activations.length;
        int hh = activations[0].length;
        int ww = activations[0][0].length;
        double[][] cam = new double[hh][ww];
        for (int m = 0; m < k; m++) {
            double alpha = 0;
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < ww; x++) {
                    alpha += gradients[m][y][x];
                }
            }
            alpha /= (double) hh * ww;
            for (int y = 0; y < hh; y++) {
                for (int x = 0; x < ww; x++) {
                    cam[y][x] += alpha * activations[m][y][x];
                }
            }
        }
        for (double[] row : cam) {
            for (int x = 0; x < ww; x++) {
                row[x] = Math.max(0, row[x]);
            }
        }
        return cam;
    }

    /** Bilinear resize with pixel centres aligned (OpenCV's INTER_LINEAR, PyTorch's align_corners=False). */
    static double[][] resize(double[][] src, int height, int width) {
        int sh = src.length;
        int sw = src[0].length;
        double[][] out = new double[height][width];
        for (int y = 0; y < height; y++) {
            double fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sh / height - 0.5));
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(sh - 1, y0 + 1);
            double dy = fy - y0;
            for (int x = 0; x < width; x++) {
                double fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sw / width - 0.5));
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(sw - 1, x0 + 1);
                double dx = fx - x0;
                out[y][x] = (1 - dy) * ((1 - dx) * src[y0][x0] + dx * src[y0][x1]) + dy * ((1 - dx) * src[y1][x0] + dx * src[y1][x1]);
            }
        }
        return out;
    }

    /** Row {@code r} of a {@code [b, C, H, W]} array as {@code [C][H][W]}. */
    static double[][][] image(INDArray a, int r) {
        long[] s = a.shape();
        int c = (int) s[1];
        int hh = (int) s[2];
        int ww = (int) s[3];
        double[] flat = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(r)).dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .data().asDouble();
        double[][][] out = new double[c][hh][ww];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < hh; y++) {
                System.arraycopy(flat, (ch * hh + y) * ww, out[ch][y], 0, ww);
            }
        }
        return out;
    }
}
