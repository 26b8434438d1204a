package cnnlab.model;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2D convolution layer configuration that is DL4J's {@link ConvolutionLayer} in every respect DL4J
 * inspects (kernel, stride, padding, dilation, {@code ConvolutionMode}, data format, parameters
 * {@code W} {@code [nOut, nIn, kH, kW]} and {@code b} {@code [1, nOut]}, initialisation, output-shape
 * inference, JSON serialisation); only the computation is supplied by {@link FastConvolution2DLayer},
 * which runs ND4J's fused {@code conv2d} / {@code conv2d_bp} kernels instead of DL4J's
 * im2col-into-a-permuted-view lowering, and does not compute the forward pass a second time during
 * backpropagation. Configure it like a convolution layer:
 * {@code new FastConvolution2D.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.RELU).build()}.
 *
 * <p>A network saved with it loads back with it (its class name is in the JSON); its parameters are
 * laid out exactly as {@link ConvolutionLayer}'s, so weights move between the two unchanged.
 */
public class FastConvolution2D extends ConvolutionLayer {

    /** For JSON deserialisation (model files and checkpoints). */
    public FastConvolution2D() {
        super();
    }

    private FastConvolution2D(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastConvolution2D", getLayerName(), layerIndex, getNIn(), getNOut());
        return RuntimeLayers.wire(new FastConvolution2DLayer(conf, networkDataType), initializer(), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** Builder with the same settings as {@link ConvolutionLayer.Builder}. */
    public static class Builder extends ConvolutionLayer.Builder {

        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        public Builder() {
            super();
        }

        /** Runs the checks of DL4J's convolution builder (kernel, stride, padding, mode), then builds. */
        @Override
        public FastConvolution2D build() {
            super.build();
            return new FastConvolution2D(this);
        }
    }
}
