package cnnlab.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running layer behind {@link SumPooling2D}: sum pooling computed with ND4J's own average-pooling
 * kernels ({@code avgpool2d} and {@code avgpool2d_bp}) in the mode whose divisor is the full window
 * {@code kH * kW}, with padding counted as zeros, scaled back by {@code kH * kW}.
 *
 * <p>Because padding contributes zeros to the average and the divisor is the constant window size, the
 * scaled result is exactly the window sum for any input, negative values and padding included; the
 * gradient is the average pool's gradient scaled the same way. The verification module checks both
 * against the reference implementation.
 */
public class SumPooling2DLayer extends SubsamplingLayer {

    /** ND4J's divisor mode for avgpool2d: 1 divides by kH*kW (padding counted), 0 by the cells present. */
    private static final int DIVIDE_BY_WINDOW = 1;

    public SumPooling2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.helper = null; // the platform helpers implement MAX/AVG only
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray in = this.input.castTo(dataType);
        DynamicCustomOp op = poolingOp("avgpool2d", currentPadding(in, null)).addInputs(in).build();
        long[] shape = op.calculateOutputShape().get(0).getShape();
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
        op.addOutputArgument(output);
        Nd4j.exec(op);
        return output.muli(windowSize());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray in = this.input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
        DynamicCustomOp op = poolingOp("avgpool2d_bp", currentPadding(in, eps)).addInputs(in, eps)
                .addOutputs(epsAtInput).build();
        Nd4j.exec(op);
        epsAtInput.muli(windowSize());
        return new Pair<>(new DefaultGradient(), epsAtInput);
    }

    private int windowSize() {
        int[] k = layerConf().getKernelSize();
        return k[0] * k[1];
    }

    /** The padding to pass to the op: the configured one, or in Same mode during backprop the computed one. */
    private int[] currentPadding(INDArray in, INDArray epsilon) {
        if (epsilon == null || layerConf().getConvolutionMode() != ConvolutionMode.Same) {
            return layerConf().getPadding();
        }
        int[] hw = spatialIndices();
        return ConvolutionUtils.getSameModeTopLeftPadding(
                new int[] {(int) epsilon.size(hw[0]), (int) epsilon.size(hw[1])},
                new int[] {(int) in.size(hw[0]), (int) in.size(hw[1])},
                layerConf().getKernelSize(), layerConf().getStride(), layerConf().getDilation());
    }

    private int[] spatialIndices() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC ? new int[] {1, 2} : new int[] {2, 3};
    }

    private DynamicCustomOp.DynamicCustomOpsBuilder poolingOp(String name, int[] pad) {
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] d = layerConf().getDilation();
        boolean same = layerConf().getConvolutionMode() == ConvolutionMode.Same;
        boolean nhwc = layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
        return DynamicCustomOp.builder(name).addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1],
                same ? 1 : 0, DIVIDE_BY_WINDOW, nhwc ? 1 : 0);
    }
}
