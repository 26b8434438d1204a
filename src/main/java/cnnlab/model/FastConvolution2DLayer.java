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
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The running layer behind {@link FastConvolution2D}: the same function and gradients as DL4J's
 * {@link ConvolutionLayer}, computed by lowering the whole minibatch to one matrix product per pass.
 * The forward pass copies every receptive field of the minibatch into a column matrix
 * {@code [nIn * kH * kW, b * oH * oW]} with {@link Im2Col} (plain Java loops on heap copies, one
 * thread), then computes {@code W x columns} with one ND4J {@code gemm}, adds the bias and reorders to
 * {@code [b, nOut, oH, oW]}; the backward pass reuses those columns and the kept pre-activation for
 * {@code dW = delta x columns^T} and {@code dColumns = W^T x delta} (two more {@code gemm}s), and
 * {@link Im2Col}'s {@code col2im} sums {@code dColumns} back onto the input gradient. The work arrays
 * ({@link LoweringBuffers}) live outside DL4J's workspaces and are reused from minibatch to minibatch.
 *
 * <p>Why it is faster than DL4J 1.0.0-M2.1's layer on the CPU (see bench/NOTES.md): DL4J's writes its
 * im2col matrix into a <em>permuted view</em>, which sends ND4J's im2col down its slow
 * element-by-element path, and its backward pass runs the whole forward pass a second time to get the
 * pre-activation. It sets {@code helper = null}:
 * the lowering runs on host arrays, so it is not meant for the CUDA backend, where
 * {@link ConvolutionRuntime} keeps DL4J's layer and its cuDNN helper unless a config forces this one.
 * NHWC inputs go to DL4J's own code path.
 *
 * <p>Weights are {@code [nOut, nIn, kH, kW]}, biases {@code [1, nOut]}, as in DL4J's layer. The
 * verification module checks forward pass and gradients against the reference implementation and
 * DL4J's own layer; gradient checks use {@code GradientCheckUtil}.
 */
public class FastConvolution2DLayer extends ConvolutionLayer {

    /** Work arrays outside any workspace, reused from minibatch to minibatch. */
    private final LoweringBuffers buffers = new LoweringBuffers();
    /** The im2col columns {@code [nIn * kH * kW, b * oH * oW]} of the last forward pass (one of {@link #buffers}). */
    private INDArray columns;
    /** The input that {@link #columns} were computed from. */
    private INDArray columnsFor;
    /** The pre-activation of the last training forward pass (non-identity activations only), reused. */
    private INDArray preOutputCache;
    /** The input that {@link #preOutputCache} was computed from. */
    private INDArray preOutputFor;
    /** The columns buffer whose last row holds the ones that multiply the bias (set once per buffer). */
    private INDArray onesRowSetIn;
    /**
     * Whether {@link #backpropGradient} computes the gradient with respect to this layer's input; false
     * only while {@link FitScope} tells the first layer of a network that {@code fit} discards it.
     */
    private boolean inputGradientNeeded = true;

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
        if (columnsFor != this.input || columns == null || columns.size(1) != g.lowering().cols()) {
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
        Im2Col.Shape s = g.lowering();
        // delta [b, nOut, P] -> deltaT [nOut, b * P], the layout of the columns
        INDArray deltaT = buffers.get("deltaT", dataType, g.nOut, s.cols());
        LoweringBuffers.swapOuterAxes(delta, g.batch, g.nOut, g.pixels(), deltaT);

        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        if (hasBias()) {
            // [dL/dW | dL/db] [nOut, K + 1] = deltaT [nOut, b*P] x columns^T [b*P, K + 1]: the ones row of
            // the columns turns the last column into the row sums of deltaT, the bias gradient
            INDArray both = buffers.get("gradWithBias", dataType, g.nOut, g.k() + 1);
            Nd4j.gemm(deltaT, columns, both, false, true, 1.0, 0.0);
            weightGrad.reshape('c', g.nOut, g.k()).assign(both.get(NDArrayIndex.all(), NDArrayIndex.interval(0, g.k())));
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            biasGrad.reshape(g.nOut).assign(both.get(NDArrayIndex.all(), NDArrayIndex.point(g.k())));
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        } else {
            // dL/dW [nOut, K] = deltaT [nOut, b*P] x columns^T [b*P, K]
            Nd4j.gemm(deltaT, columns, weightGrad.reshape('c', g.nOut, g.k()), false, true, 1.0, 0.0);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        if (!inputGradientNeeded) {
            weightNoiseParams.clear();
            return new Pair<>(gradient, null);   // the first layer while fitting: nobody reads it
        }

        // dL/dcolumns [K, b*P] = W^T [K, nOut] x deltaT; col2im sums the overlapping windows onto the input
        INDArray dcols = buffers.get("dcols", dataType, s.rows(), s.cols());
        Nd4j.gemm(weights.reshape('c', g.nOut, g.k()), deltaT, dcols, true, false, 1.0, 0.0);
        INDArray epsBuf = buffers.get("eps", dataType, in.length());
        buffers.col2im(dcols, s, epsBuf);
        INDArray epsOut = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c');
        epsOut.assign(epsBuf.reshape('c', in.shape()));

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

        Im2Col.Shape lowering() {
            return new Im2Col.Shape(batch, nIn, inH, inW, kH, kW, stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
                    outH, outW);
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
     * columns {@code [nIn * kH * kW, b * oH * oW]} in {@link #columns} for the backward pass.
     */
    private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInputRank();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray in = this.input.castTo(dataType);
        validateInputDepth(weights.size(1));
        Geometry g = geometry(in, weights);

        Im2Col.Shape s = g.lowering();
        if (in.ordering() != 'c' || !Shape.hasDefaultStridesForShape(in)) {
            in = in.dup('c');
        }
        boolean bias = hasBias();
        columns = buffers.get("columns", dataType, bias ? s.rows() + 1 : s.rows(), s.cols());
        if (bias && onesRowSetIn != columns) {
            columns.getRow(s.rows()).assign(1.0);   // a new buffer: the ones that multiply the bias
            onesRowSetIn = columns;
        }
        buffers.im2col(in, s, columns);
        columnsFor = this.input;

        // zT [nOut, b*P] = [W | b] [nOut, K + 1] x columns [K + 1, b*P] (the bias through the ones row;
        // without a bias W [nOut, K] x columns [K, b*P]), then to [b, nOut, oH, oW]
        INDArray w = weights.reshape('c', g.nOut, g.k());
        if (bias) {
            INDArray withBias = buffers.get("weightsWithBias", dataType, g.nOut, g.k() + 1);
            withBias.get(NDArrayIndex.all(), NDArrayIndex.interval(0, g.k())).assign(w);
            withBias.get(NDArrayIndex.all(), NDArrayIndex.point(g.k())).assign(bias(training, workspaceMgr).reshape(g.nOut));
            w = withBias;
        }
        INDArray zT = buffers.get("zT", dataType, g.nOut, s.cols());
        Nd4j.gemm(w, columns, zT, false, false, 1.0, 0.0);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {g.batch, g.nOut, g.outH, g.outW}, 'c');
        LoweringBuffers.swapOuterAxes(zT, g.nOut, g.batch, g.pixels(), z);
        return z;
    }

    private INDArray bias(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return getParamWithNoise(ConvolutionParamInitializer.BIAS_KEY, training, workspaceMgr);
    }

    /**
     * Whether the backward pass computes the gradient with respect to this layer's input (default
     * true). {@link FitScope} turns it off for a network's first layer while {@code fit} runs, which
     * throws that gradient away; the backward pass then returns {@code null} for it and saves a matrix
     * product and the col2im.
     */
    void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
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
