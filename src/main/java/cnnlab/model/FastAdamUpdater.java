package cnnlab.model;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's {@link AdamUpdater} with its update computed by a plain Java loop over the float arrays,
 * split over {@link LayerThreads}, instead of libnd4j's {@code adam_updater} op, which took about
 * 6.7 ns per parameter on one thread (2.7 ms of a 30 ms LeNet step; bench/NOTES.md). The same
 * formula, in float, in the same order as libnd4j's:
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   g = alpha_t m / (sqrt(v) + epsilon),  alpha_t = lr sqrt(1 - beta2^(t+1)) / (1 - beta1^(t+1))
 * </pre>
 *
 * It works on the state arrays of the updater it replaces (the {@code M} and {@code V} halves of the
 * network's updater state), so checkpoints and model files are unchanged. Anything but contiguous float
 * arrays goes to DL4J's own op. {@link FitScope} puts it in place of each {@code AdamUpdater} of a
 * network while {@code fit} runs.
 */
final class FastAdamUpdater extends AdamUpdater {

    FastAdamUpdater(AdamUpdater replaced) {
        super(replaced.getConfig());
        setM(replaced.getM());
        setV(replaced.getV());
        setGradientReshapeOrder(replaced.getGradientReshapeOrder());
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        INDArray m = getM();
        INDArray v = getV();
        if (m == null || v == null || !plainFloats(gradient) || !plainFloats(m) || !plainFloats(v)
                || gradient.length() != m.length() || m.length() != v.length()) {
            super.applyUpdater(gradient, iteration, epoch);
            return;
        }
        Adam config = getConfig();
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float lr = (float) config.getLearningRate(iteration, epoch);
        float beta1t = (float) Math.pow(beta1, iteration + 1);
        float beta2t = (float) Math.pow(beta2, iteration + 1);
        float alpha = lr * (float) Math.sqrt(1f - beta2t) / (1f - beta1t);
        if (Float.isNaN(alpha) || Float.isInfinite(alpha) || alpha == 0f) {
            alpha = epsilon;
        }
        float alphaT = alpha;
        int n = (int) gradient.length();
        FloatBuffer g = gradient.data().asNioFloat();
        FloatBuffer mb = m.data().asNioFloat();
        FloatBuffer vb = v.data().asNioFloat();
        int g0 = (int) gradient.offset();
        int m0 = (int) m.offset();
        int v0 = (int) v.offset();
        int shares = LayerThreads.shares(n / 16_384 + 1);   // small blocks are not worth a thread
        LayerThreads.run(shares, s -> {
            int from = (int) ((long) n * s / shares);
            int to = (int) ((long) n * (s + 1) / shares);
            for (int i = from; i < to; i++) {
                float gi = g.get(g0 + i);
                float mi = beta1 * mb.get(m0 + i) + gi * (1f - beta1);
                float vi = beta2 * vb.get(v0 + i) + gi * gi * (1f - beta2);
                mb.put(m0 + i, mi);
                vb.put(v0 + i, vi);
                g.put(g0 + i, mi * alphaT / ((float) Math.sqrt(vi) + epsilon));
            }
        });
    }

    /** A float array whose elements lie one after another (from its offset). */
    private static boolean plainFloats(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.elementWiseStride() == 1;
    }
}
