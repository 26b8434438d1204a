package cnnlab.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * While open, the first layer of a network, if it is a {@link FastConvolution2DLayer}, skips the
 * gradient with respect to the network's input in its backward pass. {@code MultiLayerNetwork.fit}
 * computes that gradient and throws it away (DL4J keeps it only for {@code backpropGradient}, which
 * saliency maps use); for LeNet it is a whole matrix product and a col2im of the first layer. Open it
 * around a loop of {@code fit} calls only, with try-with-resources: code that needs input gradients
 * (cnnlab.explain) must run after it closed, and would fail loudly (a {@code null} gradient) if not.
 */
public final class FitScope implements AutoCloseable {

    private final FastConvolution2DLayer first;

    private FitScope(FastConvolution2DLayer first) {
        this.first = first;
        if (first != null) {
            first.setInputGradientNeeded(false);
        }
    }

    /**
     * Opens the scope for {@code net}. Nothing changes unless its first layer is cnnlab's fast
     * convolution layer and has no input preprocessor (which would need the gradient to run backwards).
     */
    public static FitScope open(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        boolean applies = layers != null && layers.length > 0 && layers[0] instanceof FastConvolution2DLayer
                && net.getLayerWiseConfigurations().getInputPreProcess(0) == null;
        return new FitScope(applies ? (FastConvolution2DLayer) layers[0] : null);
    }

    /** Gives the first layer its input gradient back. */
    @Override
    public void close() {
        if (first != null) {
            first.setInputGradientNeeded(true);
        }
    }
}
