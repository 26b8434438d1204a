package cnnlab.verify;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.model.Dl4jModes;
import cnnlab.model.FastConvolution2D;
import cnnlab.model.SumPooling2D;
import cnnlab.reference.ConvolutionMode;
import cnnlab.reference.OutputSize;
import cnnlab.reference.Padding;
import cnnlab.reference.PoolingKind;
import cnnlab.reference.Window2d;

/**
 * Runs one real DL4J layer on plain arrays: the DL4J column of the three-way check.
 *
 * <p>Each call builds a one-layer {@link MultiLayerNetwork} with DL4J's own builders
 * ({@link ConvolutionLayer}, {@link SubsamplingLayer}, or cnnlab's {@link SumPooling2D} for sum
 * pooling), in double precision, sets the weights by hand in DL4J's {@code [nOut, nIn, kH, kW]} layout,
 * and returns the network's output. Padding that differs between the two sides of an axis, which
 * DL4J's convolution cannot express, is added by a {@link ZeroPaddingLayer} in front.
 */
public final class Dl4jLayers {

    private Dl4jLayers() {
    }

    /**
     * A convolution layer with identity activation.
     *
     * @param input {@code [C][H][W]}
     * @param weights {@code [N][C][kH][kW]}
     * @param bias {@code [N]} or {@code null} for a layer without bias
     * @param format the array layout DL4J is asked to use; results come back as {@code [N][outH][outW]}
     */
    public static double[][][] convolution(double[][][] input, double[][][][] weights, double[] bias, Window2d window,
                                           CNN2DFormat format) {
        return convolution(input, weights, bias, window, format, false);
    }

    /**
     * As {@link #convolution(double[][][], double[][][][], double[], Window2d, CNN2DFormat)}, with
     * cnnlab's {@link FastConvolution2D} (the layer training uses by default) in place of DL4J's
     * {@link ConvolutionLayer} when {@code fast} is true.
     */
    public static double[][][] convolution(double[][][] input, double[][][][] weights, double[] bias, Window2d window,
                                           CNN2DFormat format, boolean fast) {
        int channels = input.length;
        Padding p = padding(window);
        boolean asymmetric = !p.isSymmetric();
        ConvolutionLayer conv = (fast ? new FastConvolution2D.Builder(window.kernelH(), window.kernelW())
                        : new ConvolutionLayer.Builder(window.kernelH(), window.kernelW()))
                .stride(window.strideH(), window.strideW())
                .dilation(window.dilationH(), window.dilationW())
                .padding(asymmetric ? 0 : p.top(), asymmetric ? 0 : p.left())
                .convolutionMode(Dl4jModes.of(window.mode()))
                .nIn(channels).nOut(weights.length)
                .hasBias(bias != null)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.ZERO)
                .dataFormat(format)
                .build();
        MultiLayerNetwork net = asymmetric
                ? network(input, format, new ZeroPaddingLayer.Builder(p.top(), p.bottom(), p.left(), p.right())
                        .dataFormat(format).build(), conv)
                : network(input, format, conv);
        int convIndex = asymmetric ? 1 : 0;
        net.getLayer(convIndex).getParam("W").assign(Nd4j.create(weights));
        if (bias != null) {
            net.getLayer(convIndex).getParam("b").assign(Nd4j.create(bias).reshape(1, bias.length));
        }
        return run(net, input, format);
    }

    /**
     * A pooling layer: DL4J's {@link SubsamplingLayer} for max and average, cnnlab's
     * {@link SumPooling2D} for sum.
     *
     * @param includePadInDivisor passed to {@code avgPoolIncludePadInDivisor} (average pooling only)
     * @throws IllegalArgumentException for padding that differs between the sides of an axis, which
     *     DL4J's pooling cannot express
     */
    public static double[][][] pooling(double[][][] input, PoolingKind kind, Window2d window, boolean includePadInDivisor,
                                       CNN2DFormat format) {
        Padding p = padding(window);
        if (!p.isSymmetric()) {
            throw new IllegalArgumentException("DL4J pooling takes the same padding on both sides of an axis, got " + p);
        }
        SubsamplingLayer.Builder builder = kind == PoolingKind.SUM
                ? new SumPooling2D.Builder()
                : new SubsamplingLayer.Builder(kind == PoolingKind.MAX ? PoolingType.MAX : PoolingType.AVG);
        SubsamplingLayer layer = builder.kernelSize(window.kernelH(), window.kernelW())
                .stride(window.strideH(), window.strideW())
                .dilation(window.dilationH(), window.dilationW())
                .padding(p.top(), p.left())
                .convolutionMode(Dl4jModes.of(window.mode()))
                .avgPoolIncludePadInDivisor(includePadInDivisor)
                .dataFormat(format)
                .build();
        return run(network(input, format, layer), input, format);
    }

    /** The padding to configure: none in Same mode, where DL4J computes it and refuses an explicit one. */
    private static Padding padding(Window2d window) {
        return window.mode() == ConvolutionMode.SAME ? Padding.NONE : window.padding();
    }

    /**
     * Whether DL4J's Same-mode padding is negative on some axis for this window on an {@code inH x inW}
     * input: DL4J takes the top/left padding as {@code ((out - 1) * stride + effectiveKernel - in) / 2}
     * without clamping it at 0, and when that total is -2 or less (effective kernel 1, stride 3, input a
     * multiple of 3) its pooling reads one row/column too far and its convolution refuses to run (pinned
     * in {@code Dl4jAgreementProperties}, docs/verification.md finding 1).
     */
    public static boolean sameModePaddingIsNegative(Window2d window, int inH, int inW) {
        return window.mode() == ConvolutionMode.SAME
                && (sameTotal(inH, window.kernelH(), window.strideH(), window.dilationH()) < -1
                || sameTotal(inW, window.kernelW(), window.strideW(), window.dilationW()) < -1);
    }

    /** DL4J's unclamped Same-mode padding total along one axis, {@code (out - 1) * stride + effectiveKernel - in}. */
    private static int sameTotal(int in, int kernel, int stride, int dilation) {
        int out = (in + stride - 1) / stride;
        return (out - 1) * stride + OutputSize.effectiveKernel(kernel, dilation) - in;
    }

    /** How the DL4J column of an example with this operation is computed, for reports. */
    public static String describe(Op op, boolean includePadInDivisor) {
        switch (op) {
            case CONV:
                return "DL4J ConvolutionLayer (identity activation, no bias, weights set by hand as [nOut, nIn, kH, kW], double precision)";
            case MAX:
                return "DL4J SubsamplingLayer, PoolingType.MAX (double precision)";
            case AVG:
                return "DL4J SubsamplingLayer, PoolingType.AVG, avgPoolIncludePadInDivisor=" + includePadInDivisor
                        + " (double precision)";
            case SUM:
                return "cnnlab SumPooling2D: DL4J SubsamplingLayer configuration with PoolingType.SUM, run by ND4J's avgpool2d "
                        + "with divisor kH*kW and scaled by kH*kW (DL4J's own layer throws 'Not supported: SUM')";
            default:
                throw new AssertionError(op);
        }
    }

    private static MultiLayerNetwork network(double[][][] input, CNN2DFormat format, Layer... layers) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(0)
                .dataType(DataType.DOUBLE)
                .list();
        for (Layer layer : layers) {
            list.layer(layer);
        }
        MultiLayerConfiguration conf = list
                .setInputType(InputType.convolutional(input[0].length, input[0][0].length, input.length, format))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static double[][][] run(MultiLayerNetwork net, double[][][] input, CNN2DFormat format) {
        INDArray x = Nd4j.create(input).reshape(1, input.length, input[0].length, input[0][0].length);
        if (format == CNN2DFormat.NHWC) {
            x = x.permute(0, 2, 3, 1).dup('c');
        }
        INDArray y = net.output(x);
        if (format == CNN2DFormat.NHWC) {
            y = y.permute(0, 3, 1, 2);
        }
        long[] s = y.shape();
        double[][][] out = new double[(int) s[1]][(int) s[2]][(int) s[3]];
        for (int c = 0; c < s[1]; c++) {
            for (int i = 0; i < s[2]; i++) {
                for (int j = 0; j < s[3]; j++) {
                    out[c][i][j] = y.getDouble(0, c, i, j);
                }
            }
        }
        return out;
    }
}
