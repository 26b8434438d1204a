package cnnlab.model;

import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * How much arithmetic one training minibatch of a network asks of a GPU, estimated from the network's
 * configuration (no ND4J arrays are made): the multiply-adds of a forward pass per image, counted for
 * convolutions ({@code outH * outW * filters * channels * kH * kW}) and dense layers ({@code nIn * nOut}),
 * pooling and activations left out; a training step is taken as 3 passes (forward, and backward for
 * the inputs and for the weights), 2 FLOPs per multiply-add: {@code 6 * multiplyAdds * batch}.
 *
 * <p><b>Why a threshold.</b> NYU's Torch cancels GPU jobs whose GPU use stays low (10 % by default,
 * 50-60 % on some node groups; slurm/README.md cites the page). DL4J spends, per minibatch, a roughly
 * fixed time on the host (Java, JNI and the launch of some 20 to 40 kernels; about a millisecond is our
 * unmeasured estimate) whatever the model. A GPU doing 10 TFLOP/s (a conservative share of an L40S's or
 * H200's FP32 peak) finishes {@value #MIN_GFLOP_PER_BATCH} GFLOP in about a millisecond: below that,
 * the GPU waits for the JVM more than it computes. The lab's LeNet-5 at batch 64 needs about 0.1 GFLOP
 * per minibatch, a hundred times less: it belongs on CPU cores. Both numbers are estimates that only a
 * run on the cluster (nvidia-smi, seff) can confirm; {@code --allow-small-gpu-model} overrides.
 */
public record GpuWorkload(long multiplyAddsPerImage, long parameters, int batchSize) {

    /** The least training arithmetic per minibatch that cnnlab asks of a GPU job, in GFLOP. */
    public static final double MIN_GFLOP_PER_BATCH = 10.0;

    /** The estimate for a network configuration fed {@code input} in minibatches of {@code batchSize}. */
    public static GpuWorkload of(MultiLayerConfiguration conf, InputType input, int batchSize) {
        List<InputType> outputs = conf.getLayerActivationTypes(input);
        long macs = 0;
        long params = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            NeuralNetConfiguration c = conf.getConf(i);
            Layer l = c.getLayer();
            InputType out = outputs.get(i);
            params += l.initializer().numParams(c);
            if (l instanceof ConvolutionLayer conv && out instanceof InputType.InputTypeConvolutional o) {
                long[] k = kernel(conv);
                macs += o.getHeight() * o.getWidth() * o.getChannels() * conv.getNIn() * k[0] * k[1];
            } else if (l instanceof FeedForwardLayer ff && !(l instanceof ConvolutionLayer)) {
                macs += ff.getNIn() * ff.getNOut();
            }
        }
        return new GpuWorkload(macs, params, batchSize);
    }

    /** FLOPs of one training minibatch: 3 passes of 2 FLOPs per multiply-add. */
    public double flopsPerBatch() {
        return 6.0 * multiplyAddsPerImage * batchSize;
    }

    /** Whether one minibatch has enough arithmetic to keep a GPU busy ({@link #MIN_GFLOP_PER_BATCH}). */
    public boolean keepsAGpuBusy() {
        return flopsPerBatch() >= MIN_GFLOP_PER_BATCH * 1e9;
    }

    /** One line: the estimate and the threshold. */
    public String describe() {
        return String.format(Locale.ROOT, "about %.2f GFLOP per training minibatch (%,d multiply-adds per image x batch %d x 6;"
                + " %,d parameters), under the %.0f GFLOP that keep a GPU busy", flopsPerBatch() / 1e9, multiplyAddsPerImage,
                batchSize, parameters, MIN_GFLOP_PER_BATCH);
    }

    private static long[] kernel(ConvolutionLayer conv) {
        int[] k = conv.getKernelSize();
        return new long[] {k[0], k[1]};
    }
}
