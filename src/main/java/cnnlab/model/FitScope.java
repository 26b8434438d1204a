package cnnlab.model;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * What changes in a network while a loop of {@code fit} calls runs, and only then (open it with
 * try-with-resources around the loop; {@link #close} undoes it):
 * <ul>
 * <li>the first layer, if it is a {@link FastConvolution2DLayer}, skips the gradient with respect to
 * the network's input. {@code MultiLayerNetwork.fit} computes that gradient and throws it away (DL4J
 * keeps it only for {@code backpropGradient}, which saliency maps use); for LeNet it is a whole matrix
 * product and a col2im of the first layer. Code that needs input gradients (cnnlab.explain) must run
 * outside the scope, and would fail loudly (a {@code null} gradient) if not;</li>
 * <li>every Adam updater of the network computes its update with {@link FastAdamUpdater}, on the same
 * state arrays.</li>
 * </ul>
 */
public final class FitScope implements AutoCloseable {

    private final FastConvolution2DLayer first;
    private final List<UpdaterBlock> blocks = new ArrayList<>();
    private final List<GradientUpdater<?>> replaced = new ArrayList<>();

    private FitScope(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        boolean skip = layers != null && layers.length > 0 && layers[0] instanceof FastConvolution2DLayer
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
        first = skip ? (FastConvolution2DLayer) layers[0] : null;
        if (first != null) {
            first.setInputGradientNeeded(false);
        }
        if (net.getGradientsViewArray() == null) {
            net.initGradientsView();   // what fit does first; the updater's blocks need the gradient views
        }
        Updater updater = net.getUpdater();
        if (updater instanceof BaseMultiLayerUpdater<?> multi) {
            for (UpdaterBlock block : multi.getUpdaterBlocks()) {
                GradientUpdater<?> own = block.getGradientUpdater();
                if (own != null && own.getClass() == AdamUpdater.class) {
                    blocks.add(block);
                    replaced.add(own);
                    block.setGradientUpdater(new FastAdamUpdater((AdamUpdater) own));
                }
            }
        }
    }

    /**
     * Opens the scope for {@code net}. The first layer's input gradient is skipped only where that
     * layer is cnnlab's fast convolution layer with no input preprocessor (which would need the
     * gradient to run backwards); Adam updaters are replaced wherever the network has them.
     */
    public static FitScope open(MultiLayerNetwork net) {
        return new FitScope(net);
    }

    /** Gives the first layer its input gradient and the network DL4J's own Adam updaters back. */
    @Override
    public void close() {
        if (first != null) {
            first.setInputGradientNeeded(true);
        }
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).setGradientUpdater(replaced.get(i));
        }
    }
}
