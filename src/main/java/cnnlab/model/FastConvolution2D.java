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
 * The runtime configuration of a conv layer computed by cnnlab's {@link FastConvolution2DLayer}: DL4J's
 * {@link ConvolutionLayer} in every respect DL4J inspects (kernel, stride, padding, dilation,
 * {@code ConvolutionMode}, data format, parameters {@code W} {@code [nOut, nIn, kH, kW]} and {@code b}
 * {@code [1, nOut]}, initialisation, output-shape inference); only {@link #instantiate} differs, and
 * returns the fast layer instead of DL4J's.
 *
 * <p>Networks are not configured with it directly: {@link NetworkFactory} builds DL4J's standard
 * {@code ConvolutionLayer}, and {@link ConvolutionRuntime} swaps in this class when the network is
 * built or loaded to run on a backend where the fast layer is chosen ({@code runtime.fastConvolution}).
 * Model files store the standard class ({@link ModelFiles}); files written before that name this class
 * and still load (it keeps its no-argument constructor for DL4J's JSON reader). Its builder is kept for
 * tests and the verification, which compare it with DL4J's layer:
 * {@code new FastConvolution2D.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.RELU).build()}.
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
