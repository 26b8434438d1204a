package cnnlab.model;

import java.util.Collection;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sum pooling as a DL4J layer configuration: each output is the sum of its window, padding adding 0.
 *
 * <p>It is a {@link SubsamplingLayer} in every respect that DL4J inspects when it builds a network
 * (kernel, stride, padding, dilation, {@code ConvolutionMode}, NCHW or NHWC, output-shape inference,
 * JSON serialisation), with {@link PoolingType#SUM}; only the computation is supplied by
 * {@link SumPooling2DLayer}, because DL4J 1.0.0-M2.1's own layer refuses SUM when it runs. Configure it
 * like a subsampling layer: {@code new SumPooling2D.Builder().kernelSize(2, 2).stride(2, 2).build()}.
 */
public class SumPooling2D extends SubsamplingLayer {

    /** For JSON deserialisation (model files and checkpoints). */
    public SumPooling2D() {
        super();
        this.poolingType = org.deeplearning4j.nn.conf.layers.PoolingType.SUM;
    }

    private SumPooling2D(Builder builder) {
        super(builder);
        this.poolingType = org.deeplearning4j.nn.conf.layers.PoolingType.SUM;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeLayers.wire(new SumPooling2DLayer(conf, networkDataType), initializer(), conf, trainingListeners, layerIndex,
                layerParamsView, initializeParams);
    }

    /** Builder with the same settings as {@link SubsamplingLayer.Builder}; the pooling type is always SUM. */
    public static class Builder extends SubsamplingLayer.Builder {

        public Builder() {
            super(PoolingType.SUM);
        }

        /** Runs the checks of DL4J's subsampling builder (kernel, stride, padding, mode), then builds. */
        @Override
        public SumPooling2D build() {
            super.build();
            return new SumPooling2D(this);
        }
    }
}
