package cnnlab.metrics;

import java.util.Arrays;

/**
 * How well a classifier's confidence matches how often it is right: the reliability diagram's bins
 * and the expected calibration error (ECE), with the usual definition (Guo et al., "On Calibration of
 * Modern Neural Networks", ICML 2017).
 *
 * <p>Each prediction has a confidence and is right or wrong. Single-label data: the confidence is the
 * highest score of the image, and it is right when that class is the image's (the first highest on a
 * tie, as {@link MedicalMetrics}). Multi-label data: every (image, label) pair is one prediction, the
 * label predicted present when its score is above 0.5, with confidence {@code max(p, 1 - p)}.
 *
 * <p>The confidences fall into {@code M} bins of equal width, bin {@code m} (from 0) holding
 * {@code (m/M, (m+1)/M]} (a confidence of exactly 0 goes to the first bin).
 * {@code ECE = sum_m |B_m| / n * |acc(B_m) - conf(B_m)|}, with {@code acc} the share right and
 * {@code conf} the mean confidence of bin {@code m}; empty bins add nothing. 0 is perfect.
 *
 * @param bins the number of bins {@code M}
 * @param ece the expected calibration error, 0 to 1 (NaN without predictions)
 * @param confidence each bin's mean confidence (NaN for an empty bin)
 * @param accuracy each bin's share of right predictions (NaN for an empty bin)
 * @param count each bin's number of predictions
 */
public record Calibration(int bins, double ece, double[] confidence, double[] accuracy, int[] count) {

    /** The number of bins of every run's reliability diagram: 15, as in Guo et al. */
    public static final int DEFAULT_BINS = 15;

    /** The calibration of single-label predictions: {@code scores[i]} against class {@code labels[i]}. */
    public static Calibration ofClasses(double[][] scores, int[] labels, int bins) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + scores.length + " images");
        }
        double[] conf = new double[scores.length];
        boolean[] right = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int top = MedicalMetrics.argmax(scores[i]);
            conf[i] = scores[i][top];
            right[i] = top == labels[i];
        }
        return of(conf, right, bins);
    }

    /** The calibration of multi-label predictions: every (image, label) pair at the threshold 0.5. */
    public static Calibration ofLabels(double[][] scores, int[] flags, int bins) {
        int k = scores.length == 0 ? 0 : scores[0].length;
        if (flags.length != scores.length * k) {
            throw new IllegalArgumentException(flags.length + " label flags for " + scores.length + " images of " + k + " labels");
        }
        double[] conf = new double[flags.length];
        boolean[] right = new boolean[flags.length];
        for (int i = 0; i < scores.length; i++) {
            for (int c = 0; c < k; c++) {
                double p = scores[i][c];
                boolean present = p > MedicalMetrics.THRESHOLD;
                conf[i * k + c] = present ? p : 1 - p;
                right[i * k + c] = present == (flags[i * k + c] == 1);
            }
        }
        return of(conf, right, bins);
    }

    /**
     * The calibration of predictions with confidences {@code confidence[i]} in [0, 1], right where
     * {@code right[i]}.
     */
    public static Calibration of(double[] confidence, boolean[] right, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        if (confidence.length != right.length) {
            throw new IllegalArgumentException(confidence.length + " confidences, " + right.length + " outcomes");
        }
        double[] confSum = new double[bins];
        int[] rightCount = new int[bins];
        int[] count = new int[bins];
        for (int i = 0; i < confidence.length; i++) {
            double p = confidence[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("confidence " + p + " of prediction " + i + " is outside [0, 1]");
            }
            int m = bin(p, bins);
            confSum[m] += p;
            rightCount[m] += right[i] ? 1 : 0;
            count[m]++;
        }
        double[] meanConf = new double[bins];
        double[] acc = new double[bins];
        double ece = 0;
        int n = confidence.length;
        for (int m = 0; m < bins; m++) {
            meanConf[m] = count[m] == 0 ? Double.NaN : confSum[m] / count[m];
            acc[m] = count[m] == 0 ? Double.NaN : (double) rightCount[m] / count[m];
            if (count[m] > 0) {
                ece += (double) count[m] / n * Math.abs(acc[m] - meanConf[m]);
            }
        }
        return new Calibration(bins, n == 0 ? Double.NaN : ece, meanConf, acc, count);
    }

    /** The bin of confidence {@code p}: {@code ceil(p * M) - 1}, so that bin m holds (m/M, (m+1)/M], and 0 goes to bin 0. */
    static int bin(double p, int bins) {
        return Math.max(0, Math.min(bins - 1, (int) Math.ceil(p * bins) - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c && bins == c.bins && Double.compare(ece, c.ece) == 0 && Arrays.equals(confidence, c.confidence)
                && Arrays.equals(accuracy, c.accuracy) && Arrays.equals(count, c.count);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(count) * 31 + Double.hashCode(ece);
    }

    @Override
    public String toString() {
        return "Calibration[" + bins + " bins, ECE " + ece + "]";
    }
}
