package cnnlab.metrics;

/**
 * Temperature scaling (Guo et al., ICML 2017): one number {@code T > 0} that divides the network's
 * logits before the softmax (or each label's sigmoid), fitted to minimise the negative log-likelihood
 * on the validation images. It changes how sure the network is, never which class it picks, so
 * accuracy and (per class) AUC stay the same while the calibration usually improves.
 *
 * <p>It works on the network's probabilities, not on its logits: for a softmax,
 * {@code log p_c = z_c - logsumexp(z)}, and the constant shift cancels in the softmax, so
 * {@code softmax(log p / T) = softmax(z / T)} exactly. For a sigmoid the logit is
 * {@code log(p / (1 - p))}. Probabilities are clamped to {@code [1e-12, 1 - 1e-12]} first (a float
 * softmax can round to 0 or 1).
 *
 * <p>The fit is a golden-section search on {@code log T} over {@code [log 0.05, log 20]}, to a
 * relative precision of about 1e-6 (the validation NLL is convex in {@code 1 / T}, so it has one
 * minimum there).
 */
public final class TemperatureScaling {

    /** The range searched. */
    public static final double MIN_T = 0.05;
    public static final double MAX_T = 20;
    private static final double EPS = 1e-12;

    private TemperatureScaling() {
    }

    /**
     * The temperature that minimises the NLL of {@code labels} under {@code scores}.
     *
     * @param multiLabel whether {@code scores} are sigmoid probabilities and {@code labels} rows of 0/1
     *        flags; else softmax rows and one class per image
     * @throws IllegalArgumentException without images
     */
    public static double fit(double[][] scores, int[] labels, boolean multiLabel) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("no validation images to fit a temperature on");
        }
        double lo = Math.log(MIN_T);
        double hi = Math.log(MAX_T);
        double phi = (Math.sqrt(5) - 1) / 2;
        double a = hi - phi * (hi - lo);
        double b = lo + phi * (hi - lo);
        double fa = nll(scores, labels, multiLabel, Math.exp(a));
        double fb = nll(scores, labels, multiLabel, Math.exp(b));
        while (hi - lo > 1e-6) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - phi * (hi - lo);
                fa = nll(scores, labels, multiLabel, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + phi * (hi - lo);
                fb = nll(scores, labels, multiLabel, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** {@code scores} at temperature {@code t}: each row re-softmaxed (or each value re-sigmoided) from logits / t. */
    public static double[][] apply(double[][] scores, boolean multiLabel, double t) {
        double[][] out = new double[scores.length][];
        for (int i = 0; i < scores.length; i++) {
            out[i] = multiLabel ? sigmoidRow(scores[i], t) : softmaxRow(scores[i], t);
        }
        return out;
    }

    /** The mean negative log-likelihood per image at temperature {@code t} (multi-label: summed over the labels). */
    public static double nll(double[][] scores, int[] labels, boolean multiLabel, double t) {
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double[] q = multiLabel ? sigmoidRow(scores[i], t) : softmaxRow(scores[i], t);
            if (multiLabel) {
                for (int c = 0; c < q.length; c++) {
                    double p = clamp(q[c]);
                    sum -= labels[i * q.length + c] == 1 ? Math.log(p) : Math.log(1 - p);
                }
            } else {
                sum -= Math.log(clamp(q[labels[i]]));
            }
        }
        return sum / scores.length;
    }

    private static double[] softmaxRow(double[] p, double t) {
        double[] z = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p.length; c++) {
            z[c] = Math.log(clamp(p[c])) / t;
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < p.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    private static double[] sigmoidRow(double[] p, double t) {
        double[] out = new double[p.length];
        for (int c = 0; c < p.length; c++) {
            double q = clamp(p[c]);
            out[c] = 1 / (1 + Math.exp(-Math.log(q / (1 - q)) / t));
        }
        return out;
    }

    private static double clamp(double p) {
        return Math.min(1 - EPS, Math.max(EPS, p));
    }
}
