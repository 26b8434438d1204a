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
 * {@code [nIn * kH * kW, b * oH * oW]} with {@link Im2Col} (plain Java loops on heap copies), then
 * computes {@code W x columns} with one ND4J {@code gemm} and reorders to
 * {@code [b, nOut, oH, oW]} (bulk memory copies); the backward pass reuses those columns and the kept pre-activation for
 * {@code dW = delta x columns^T} and {@code dColumns = W^T x delta} (two more {@code gemm}s), and
 * {@link Im2Col}'s {@code col2im} sums {@code dColumns} back onto the input gradient. The work arrays
 * ({@link LoweringBuffers}) live outside DL4J's workspaces and are reused from minibatch to minibatch.
 * The bias rides in the products: the columns carry a last row of ones and the weights a last column
 * holding the bias, so the forward product adds it and the weight-gradient product yields its gradient.
 * With several {@link LayerThreads}, the minibatch is cut into shares of whole examples, each lowered
 * and multiplied on its own thread; the gradient sums of the shares are added in a fixed order.
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

    /** Work arrays of the calling thread outside any workspace (weights with bias, gradient sums), reused. */
    private final LoweringBuffers buffers = new LoweringBuffers();
    /** The shares of the last forward pass, each with its columns; reused while the minibatch size stays. */
    private Share[] shares = new Share[0];
    /** The input that the shares' columns were computed from. */
    private INDArray columnsFor;
    /** The pre-activation of the last training forward pass (non-identity activations only), reused. */
    private INDArray preOutputCache;
    /** The input that {@link #preOutputCache} was computed from. */
    private INDArray preOutputFor;
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
        if (columnsFor != this.input || shares.length != LayerThreads.shares(g.batch) || shares[shares.length - 1].to != g.batch) {
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
        INDArray epsOut = inputGradientNeeded
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c') : null;
        INDArray w = weights.reshape('c', g.nOut, g.k());
        int gradColumns = hasBias() ? g.k() + 1 : g.k();
        Share[] sh = shares;
        INDArray[] deltas = examples(delta, sh);
        INDArray[] epsilons = epsOut == null ? null : examples(epsOut, sh);
        LayerThreads.run(sh.length, i -> sh[i].backward(g, w, deltas[i], gradColumns, epsilons == null ? null : epsilons[i]));

        // the shares' [dL/dW | dL/db], added in share order
        INDArray sum = sh[0].gradient;
        if (sh.length > 1) {
            sum = buffers.get("gradientSum", dataType, g.nOut, gradColumns).assign(sum);
            for (int i = 1; i < sh.length; i++) {
                sum.addi(sh[i].gradient);
            }
        }
        Gradient gradient = new DefaultGradient();
        INDArray weightGrad = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        weightGrad.reshape('c', g.nOut, g.k()).assign(hasBias() ? sum.get(NDArrayIndex.all(), NDArrayIndex.interval(0, g.k())) : sum);
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
            biasGrad.reshape(g.nOut).assign(sum.get(NDArrayIndex.all(), NDArrayIndex.point(g.k())));
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGrad);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGrad, 'c');
        weightNoiseParams.clear();
        if (epsOut == null) {
            return new Pair<>(gradient, null);   // the first layer while fitting: nobody reads it
        }
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
            int[] stride, int[] pad, int[] dilation) {
        int k() {
            return nIn * kH * kW;
        }

        int pixels() {
            return outH * outW;
        }

        /** The lowering of {@code examples} examples of this geometry (a share of the minibatch). */
        Im2Col.Shape lowering(int examples) {
            return new Im2Col.Shape(examples, nIn, inH, inW, kH, kW, stride[0], stride[1], pad[0], pad[1], dilation[0], dilation[1],
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
                (int) weights.size(3), out[0], out[1], stride, pad, dilation);
    }

    /**
     * The pre-activation {@code [b, nOut, oH, oW]} in the activations workspace; leaves each share's
     * im2col columns in the share for the backward pass.
     */
    private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        validateInputRank();
        INDArray weights = getParamWithNoise(ConvolutionParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray in = this.input.castTo(dataType);
        validateInputDepth(weights.size(1));
        Geometry g = geometry(in, weights);

        if (in.ordering() != 'c' || !Shape.hasDefaultStridesForShape(in)) {
            in = in.dup('c');
        }
        // [W | b] [nOut, K + 1]: the bias is added by the product with the columns' ones row
        INDArray w = weights.reshape('c', g.nOut, g.k());
        if (hasBias()) {
            INDArray withBias = buffers.get("weightsWithBias", dataType, g.nOut, g.k() + 1);
            withBias.get(NDArrayIndex.all(), NDArrayIndex.interval(0, g.k())).assign(w);
            withBias.get(NDArrayIndex.all(), NDArrayIndex.point(g.k())).assign(bias(training, workspaceMgr).reshape(g.nOut));
            w = withBias;
        }
        INDArray z = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {g.batch, g.nOut, g.outH, g.outW}, 'c');
        Share[] sh = sharesFor(g.batch);
        INDArray[] inputs = examples(in, sh);
        INDArray[] outputs = examples(z, sh);
        INDArray product = w;
        boolean bias = hasBias();
        LayerThreads.run(sh.length, i -> sh[i].forward(g, product, bias, inputs[i], outputs[i]));
        columnsFor = this.input;
        return z;
    }

    /** The shares for a minibatch of {@code batch} examples, as many as {@link LayerThreads#shares} says, reused if they fit. */
    private Share[] sharesFor(int batch) {
        int n = LayerThreads.shares(batch);
        if (shares.length != n) {
            shares = new Share[n];
            for (int i = 0; i < n; i++) {
                shares[i] = new Share();
            }
        }
        int[] from = MinibatchSplit.bounds(batch, n);
        for (int i = 0; i < n; i++) {
            shares[i].from = from[i];
            shares[i].to = from[i + 1];
        }
        return shares;
    }

    /** The examples of each share as views of {@code a} (c-order, examples first); {@code a} itself for one share. */
    private static INDArray[] examples(INDArray a, Share[] sh) {
        INDArray[] views = new INDArray[sh.length];
        for (int i = 0; i < sh.length; i++) {
            views[i] = sh.length == 1 ? a : a.get(NDArrayIndex.interval(sh[i].from, sh[i].to));
        }
        return views;
    }

    /**
     * Examples {@code [from, to)} of a minibatch with their own work arrays: the lowering of those
     * examples, the products and the reorders. Runs on whichever thread {@link LayerThreads} gives it
     * and touches only its own arrays and its own examples of the layer's input, output and gradients.
     */
    private static final class Share {
        final LoweringBuffers buffers = new LoweringBuffers();
        int from;
        int to;
        /** {@code [K (+1), (to - from) * oH * oW]}: this share's im2col columns (and ones row for the bias). */
        INDArray columns;
        /** The columns buffer whose ones row is set (a new buffer after a change of minibatch size needs it). */
        private INDArray onesRowSetIn;
        /** {@code [nOut, K (+1)]}: this share's [dL/dW | dL/db] from the last backward pass. */
        INDArray gradient;

        /** {@code out [to - from, nOut, oH, oW]} = the pre-activation of {@code in}, the share's input examples. */
        void forward(Geometry g, INDArray weights, boolean bias, INDArray in, INDArray out) {
            Im2Col.Shape s = g.lowering(to - from);
            DataType type = weights.dataType();
            columns = buffers.get("columns", type, bias ? s.rows() + 1 : s.rows(), s.cols());
            if (bias && onesRowSetIn != columns) {
                columns.getRow(s.rows()).assign(1.0);
                onesRowSetIn = columns;
            }
            buffers.im2col(in, s, columns);
            // zT [nOut, b*P] = [W | b] x columns, then reordered to [b, nOut, oH, oW]
            INDArray zT = buffers.get("zT", type, g.nOut, s.cols());
            Nd4j.gemm(weights, columns, zT, false, false, 1.0, 0.0);
            LoweringBuffers.swapOuterAxes(zT, g.nOut, to - from, g.pixels(), out);
        }

        /**
         * {@link #gradient} = [dL/dW | dL/db] of this share's examples, and, unless {@code epsOut} is
         * null, {@code epsOut} = dL/dinput of them.
         */
        void backward(Geometry g, INDArray weights, INDArray delta, int gradColumns, INDArray epsOut) {
            Im2Col.Shape s = g.lowering(to - from);
            DataType type = weights.dataType();
            // delta [b, nOut, P] -> deltaT [nOut, b * P], the layout of the columns
            INDArray deltaT = buffers.get("deltaT", type, g.nOut, s.cols());
            LoweringBuffers.swapOuterAxes(delta, to - from, g.nOut, g.pixels(), deltaT);
            // [dL/dW | dL/db] = deltaT x columns^T: the ones row gives the row sums of deltaT, the bias gradient
            gradient = buffers.get("gradient", type, g.nOut, gradColumns);
            Nd4j.gemm(deltaT, columns, gradient, false, true, 1.0, 0.0);
            if (epsOut != null) {
                // dL/dcolumns [K, b*P] = W^T [K, nOut] x deltaT; col2im sums the overlapping windows onto the input
                INDArray dcols = buffers.get("dcols", type, s.rows(), s.cols());
                Nd4j.gemm(weights, deltaT, dcols, true, false, 1.0, 0.0);
                buffers.col2im(dcols, s, epsOut);
            }
        }
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

    /** What {@link #setInputGradientNeeded} said last ({@code true} unless told otherwise). */
    boolean inputGradientNeeded() {
        return inputGradientNeeded;
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
