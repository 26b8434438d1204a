package cnnlab.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.convolution.Convolution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running layer behind {@link FastConvolution2D}: the same function and gradients as DL4J's
 * {@link ConvolutionLayer}, computed with ND4J's fused {@code conv2d} (forward) and {@code conv2d_bp}
 * (backward) kernels on the layer's own parameter arrays.
 *
 * <p>Why it is faster (see bench/NOTES.md): DL4J 1.0.0-M2.1's layer writes its im2col matrix into a
 * <em>permuted view</em>, which sends ND4J's im2col down its slow element-by-element path, and its
 * backward pass runs the whole forward pass (im2col and matrix product) a second time to get the
 * pre-activation. Here the forward pass keeps the pre-activation (when the activation needs it) in a
 * buffer of its own, reused from minibatch to minibatch, and the backward pass starts from it.
 *
 * <p>Weights are {@code [nOut, nIn, kH, kW]} (ND4J's weight format 1), biases {@code [1, nOut]}, as in
 * DL4J's layer. The verification module checks forward pass and gradients against the reference
 * implementation and DL4J's own layer; gradient checks use {@code GradientCheckUtil}.
 */
public class FastConvolution2DLayer extends ConvolutionLayer {

    /** The im2col columns of the last forward pass, outside any workspace, reused between minibatches. */
    private INDArray columns;
    /** The input that {@link #columns} were computed from. */
    private INDArray columnsFor;
    /** The pre-activation of the last training forward pass (non-identity activations only), reused. */
    private INDArray preOutputCache;
    /** The input that {@link #preOutputCache} was computed from. */
    private INDArray preOutputFor;

    public FastConvolution2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.helper = null;   // the computation is this class's own
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (nhwc()) {
            return super.activate(training, workspaceMgr);
        }
        if (input == null) {
            throw new IllegalArgumentException("Cannot perform forward pass with null input " + layerId());
        }
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray z = forward(training, workspaceMgr);
        IActivation afn = layerConf().getActivationFn();
        if (training && !(afn instanceof ActivationIdentity)) {
            keep(z);
        }
        return afn.getActivation(z, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (nhwc()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray in = this.input.castTo(dataType);
        INDArray eps = epsilon.castTo(dataType);
        Geometry g = geometry(in, weights);
        if (columnsFor != this.input || columns == null || columns.size(0) != g.batch) {
            forward(true, workspaceMgr);   // the columns (and pre-activation) of this input
        }

        IActivation afn = layerConf().getActivationFn();
        INDArray delta;
        if (afn instanceof ActivationIdentity) {
            delta = eps;
        } else {
            INDArray z = preOutputFor == this.input && preOutputCache != null
                    ? workspaceMgr.dup(ArrayType.BP_WORKING_MEM, preOutputCache)
                    : forward(true, workspaceMgr);
            delta = afn.backprop(z, eps).getFirst();
        }
        if (delta.ordering() != 'c' || !Shape.hasDefaultStridesForShape(delta)) {
            delta = workspaceMgr.dup(ArrayType.BP_WORKING_MEM, delta, 'c');
        }
        INDArray delta3 = delta.reshape('c', g.batch, g.nOut, g.pixels());
        INDArray cols3 = columns.reshape('c', g.batch, g.k(), g.pixels());

        Gradient gradient = new DefaultGradient();
        // dL/dW [nOut, K] = sum over examples of delta_n [nOut, P] x cols_n^T [P, K]
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray weightGrad2d = weightGrad.reshape('c', g.nOut, g.k());
        for (int n = 0; n < g.batch; n++) {
            Nd4j.gemm(delta3.slice(n), cols3.slice(n), weightGrad2d, false, true, 1.0, n == 0 ? 0.0 : 1.0);
        }
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            delta.sum(biasGrad.reshape(g.nOut), 0, 2, 3);
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');

        // dL/dcols_n [K, P] = W^T [K, nOut] x delta_n [nOut, P]; col2im sums the overlapping windows
        INDArray weights2d = weights.reshape('c', g.nOut, g.k());
        INDArray dcols = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, g.columnShape(), 'c');
        INDArray dcols3 = dcols.reshape('c', g.batch, g.k(), g.pixels());
        for (int n = 0; n < g.batch; n++) {
            Nd4j.gemm(weights2d, delta3.slice(n), dcols3.slice(n), true, false, 1.0, 0.0);
        }
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        Convolution.col2im(dcols, epsOut, g.stride[0], g.stride[1], g.pad[0], g.pad[1], g.inH, g.inW, g.dilation[0], g.dilation[1]);

        weightNoiseParams.clear();
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(gradient, epsOut);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (nhwc()) {
            return super.preOutput(training, forBackprop, workspaceMgr);
        }
        return new Pair<>(forward(training, workspaceMgr), null);
    }

    private boolean nhwc() {
        return layerConf().getCnn2dDataFormat() == CNN2DFormat.NHWC;
    }

    /** Sizes of one forward pass. */
    private record Geometry(int batch, int nIn, int inH, int inW, int nOut, int kH, int kW, int outH, int outW,
            int[] stride, int[] pad, int[] dilation, boolean same) {
        int k() {
            return nIn * kH * kW;
        }

        int pixels() {
            return outH * outW;
        }

        long[] columnShape() {
            return new long[] {batch, nIn, kH, kW, outH, outW};
        }
    }

    private Geometry geometry(INDArray in, INDArray weights) {
        int[] kernel = layerConf().getKernelSize();
        int[] stride = layerConf().getStride();
        int[] dilation = layerConf().getDilation();
        int inH = (int) in.size(2);
        int inW = (int) in.size(3);
        int[] pad;
        int[] out;
        boolean same = convolutionMode == ConvolutionMode.Same;
        if (same) {
            out = ConvolutionUtils.getOutputSize(in, kernel, stride, null, convolutionMode, dilation, CNN2DFormat.NCHW);
            pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[] {inH, inW}, kernel, stride, dilation);
        } else {
            pad = layerConf().getPadding();
            out = ConvolutionUtils.getOutputSize(in, kernel, stride, pad, convolutionMode, dilation, CNN2DFormat.NCHW);
        }
        return new Geometry((int) in.size(0), (int) weights.size(1), inH, inW, (int) weights.size(0), (int) weights.size(2),
                (int) weights.size(3), out[0], out[1], stride, pad, dilation, same);
    }

    /**
     * The pre-activation {@code [b, nOut, oH, oW]} in the activations workspace; leaves the im2col
     * columns {@code [b, nIn, kH, kW, oH, oW]} in {@link #columns} for the backward pass.
     */
    private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInputRank();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray bias = getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
        INDArray in = this.input.castTo(dataType);
        validateInputDepth(weights.size(1));
        Geometry g = geometry(in, weights);

        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (columns == null || !java.util.Arrays.equals(columns.shape(), g.columnShape()) || columns.dataType() != dataType) {
                columns = Nd4j.createUninitialized(dataType, g.columnShape(), 'c');
            }
        }
        Convolution.im2col(in, g.kH, g.kW, g.stride[0], g.stride[1], g.pad[0], g.pad[1], g.dilation[0], g.dilation[1],
                g.same, columns);
        columnsFor = this.input;

        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {g.batch, g.nOut, g.outH, g.outW}, 'c');
        INDArray z3 = z.reshape('c', g.batch, g.nOut, g.pixels());
        INDArray cols3 = columns.reshape('c', g.batch, g.k(), g.pixels());
        INDArray weights2d = weights.reshape('c', g.nOut, g.k());
        for (int n = 0; n < g.batch; n++) {
            Nd4j.gemm(weights2d, cols3.slice(n), z3.slice(n), false, false, 1.0, 0.0);
        }
        if (hasBias()) {
            Nd4j.getExecutioner().exec(new BroadcastAddOp(z, bias.reshape(g.nOut), z, 1));
        }
        return z;
    }

    /** Copies {@code z} into the reused pre-activation buffer, outside any workspace. */
    private void keep(INDArray z) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            if (preOutputCache == null || !java.util.Arrays.equals(preOutputCache.shape(), z.shape())
                    || preOutputCache.dataType() != z.dataType()) {
                preOutputCache = Nd4j.createUninitialized(z.dataType(), z.shape(), 'c');
            }
            preOutputCache.assign(z);
        }
        preOutputFor = this.input;
    }
}
