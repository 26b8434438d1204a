package cnnlab.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import cnnlab.data.Task;

/**
 * Bootstrap 95% intervals of the test metrics: the test images are resampled with replacement
 * {@code B} times (seeded), each metric is computed on every resample, and the interval is the 2.5th
 * to 97.5th percentile of those {@code B} values (the percentile bootstrap, linear interpolation
 * between order statistics as NumPy's default {@code percentile}). It shows how much a metric would
 * move on another test set of the same size from the same population; it says nothing about
 * training noise (another seed).
 *
 * <p>The metrics are those of {@link MedicalMetrics} with the same definitions: ACC for every task,
 * AUC when the data is medical, and for a binary task sensitivity and specificity at 0.5. A resample
 * is represented by how often each image was drawn, and every metric is computed with those counts
 * as weights; the AUC walks each class's scores sorted once, so a resample costs {@code O(n)} per
 * class, not a new sort (1,000 resamples of 2,000 images take milliseconds). A resample in which a
 * class has no positives or no negatives gives that class no AUC, as in {@link MedicalMetrics}; a
 * resample where no class has one is left out of the AUC's percentiles.
 */
public final class Bootstrap {

    /** Resamples of every run unless the config says otherwise. */
    public static final int DEFAULT_RESAMPLES = 1000;

    /**
     * A 95% interval.
     *
     * @param low the 2.5th percentile
     * @param high the 97.5th percentile
     */
    public record Interval(double low, double high) {

        /** Whether {@code other} overlaps this interval. */
        public boolean overlaps(Interval other) {
            return other != null && low <= other.high && other.low <= high;
        }

        /** Whether the interval holds {@code v}. */
        public boolean contains(double v) {
            return v >= low && v <= high;
        }
    }

    /**
     * The intervals of one evaluation.
     *
     * @param resamples how many resamples were drawn
     * @param seed the seed of the resampling
     * @param acc ACC's interval
     * @param auc AUC's interval, or {@code null} where AUC is not computed
     * @param sensitivity binary tasks: sensitivity's interval, else {@code null}
     * @param specificity binary tasks: specificity's interval, else {@code null}
     */
    public record Result(int resamples, long seed, Interval acc, Interval auc, Interval sensitivity, Interval specificity) {
    }

    private Bootstrap() {
    }

    /**
     * The intervals of the metrics of {@code scores} against {@code labels} (as in
     * {@link MedicalMetrics#of}).
     *
     * @param withAuc whether to compute AUC's interval (medical runs)
     * @param resamples at least 1
     */
    public static Result of(Task task, double[][] scores, int[] labels, boolean withAuc, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be at least 1, got " + resamples);
        }
        MedicalMetrics.of(task, scores, labels);   // the same checks of shapes and classes
        int n = scores.length;
        int k = n == 0 ? 0 : scores[0].length;
        Weighted w = new Weighted(task, scores, labels, n, k);
        double[] acc = new double[resamples];
        double[] auc = new double[resamples];
        double[] sens = new double[resamples];
        double[] spec = new double[resamples];
        SplittableRandom random = new SplittableRandom(seed);
        int[] counts = new int[n];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[random.nextInt(n)]++;
            }
            acc[b] = w.acc(counts);
            auc[b] = withAuc ? w.auc(counts) : Double.NaN;
            if (task == Task.BINARY) {
                sens[b] = w.recall(counts, true);
                spec[b] = w.recall(counts, false);
            }
        }
        boolean binary = task == Task.BINARY;
        return new Result(resamples, seed, interval(acc), withAuc ? interval(auc) : null, binary ? interval(sens) : null,
                binary ? interval(spec) : null);
    }

    /** The 2.5th and 97.5th percentiles of the non-NaN values; {@code null} if there are none. */
    static Interval interval(double[] values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return null;
        }
        return new Interval(percentile(v, 2.5), percentile(v, 97.5));
    }

    /** The {@code q}-th percentile of sorted values, interpolating linearly between order statistics. */
    static double percentile(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The metrics with per-image weights (how often a resample drew each image). */
    private static final class Weighted {
        private final Task task;
        private final int n;
        private final int k;
        /** Single-label: whether image i is classified right; multi-label: [i * k + c] whether label c is. */
        private final boolean[] right;
        /** Per AUC column: image indices sorted by score, and whether each is a positive. */
        private final int[][] order;
        private final double[][] score;
        private final boolean[][] positive;
        private final boolean[] predictedPositive;
        private final boolean[] isPositive;

        Weighted(Task task, double[][] s, int[] labels, int n, int k) {
            this.task = task;
            this.n = n;
            this.k = k;
            int columns = task == Task.BINARY ? 1 : k;
            order = new int[columns][];
            score = new double[columns][n];
            positive = new boolean[columns][n];
            for (int col = 0; col < columns; col++) {
                int c = task == Task.BINARY ? 1 : col;
                for (int i = 0; i < n; i++) {
                    score[col][i] = s[i][c];
                    positive[col][i] = task.multiLabel() ? labels[i * k + c] == 1 : labels[i] == c;
                }
                double[] sc = score[col];
                order[col] = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> sc[i])).mapToInt(Integer::intValue)
                        .toArray();
            }
            if (task.multiLabel()) {
                right = new boolean[n * k];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        right[i * k + c] = (s[i][c] > MedicalMetrics.THRESHOLD) == (labels[i * k + c] == 1);
                    }
                }
                predictedPositive = null;
                isPositive = null;
            } else if (task == Task.BINARY) {
                right = new boolean[n];
                predictedPositive = new boolean[n];
                isPositive = new boolean[n];
                for (int i = 0; i < n; i++) {
                    predictedPositive[i] = s[i][1] > MedicalMetrics.THRESHOLD;
                    isPositive[i] = labels[i] == 1;
                    right[i] = predictedPositive[i] == isPositive[i];
                }
            } else {
                right = new boolean[n];
                for (int i = 0; i < n; i++) {
                    right[i] = MedicalMetrics.argmax(s[i]) == labels[i];
                }
                predictedPositive = null;
                isPositive = null;
            }
        }

        double acc(int[] w) {
            if (task.multiLabel()) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < k; c++) {
                        sum += right[i * k + c] ? w[i] : 0;
                    }
                }
                return sum / ((double) n * k);
            }
            long r = 0;
            for (int i = 0; i < n; i++) {
                r += right[i] ? w[i] : 0;
            }
            return (double) r / n;
        }

        double recall(int[] w, boolean ofPositives) {
            long hit = 0;
            long all = 0;
            for (int i = 0; i < n; i++) {
                if (isPositive[i] == ofPositives) {
                    all += w[i];
                    hit += predictedPositive[i] == ofPositives ? w[i] : 0;
                }
            }
            return all == 0 ? Double.NaN : (double) hit / all;
        }

        double auc(int[] w) {
            double sum = 0;
            int defined = 0;
            for (int col = 0; col < order.length; col++) {
                double a = auc(w, col);
                if (!Double.isNaN(a)) {
                    sum += a;
                    defined++;
                }
            }
            return defined == 0 ? Double.NaN : sum / defined;
        }

        /** The Mann-Whitney AUC with weights: ties count one half. */
        private double auc(int[] w, int col) {
            int[] o = order[col];
            double[] s = score[col];
            boolean[] pos = positive[col];
            double negBelow = 0;
            double num = 0;
            double allPos = 0;
            int i = 0;
            while (i < o.length) {
                int j = i;
                double wp = 0;
                double wn = 0;
                while (j < o.length && s[o[j]] == s[o[i]]) {
                    if (pos[o[j]]) {
                        wp += w[o[j]];
                    } else {
                        wn += w[o[j]];
                    }
                    j++;
                }
                num += wp * negBelow + 0.5 * wp * wn;
                negBelow += wn;
                allPos += wp;
                i = j;
            }
            return allPos == 0 || negBelow == 0 ? Double.NaN : num / (allPos * negBelow);
        }
    }
}
