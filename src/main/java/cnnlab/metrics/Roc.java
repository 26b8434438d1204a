package cnnlab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The area under the ROC curve of one binary question ("is this image of class c?") from scores
 * and truths, and the curve itself.
 *
 * <p><b>AUC by ranks.</b> Rank all {@code n} scores from 1 (smallest) to {@code n}; tied scores all
 * get the mean of the ranks they span. With {@code P} positives whose ranks sum to {@code R} and
 * {@code N} negatives, {@code AUC = (R - P(P+1)/2) / (P N)}: the probability that a random positive
 * scores above a random negative, a tie counting one half (the Mann-Whitney U statistic over
 * {@code P N}). It equals the trapezoid area under {@link #curve}, and scikit-learn's
 * {@code roc_auc_score}, which MedMNIST's evaluator calls. Without a positive or without a negative
 * the AUC is undefined: {@code NaN} (scikit-learn raises an error); a NaN score makes it NaN too.
 */
public final class Roc {

    private Roc() {
    }

    /**
     * The ROC curve: one point per distinct score, from the highest threshold to the lowest.
     *
     * @param falsePositiveRate {@code FP / N} at each point, from 0 to 1
     * @param truePositiveRate {@code TP / P} (the sensitivity) at each point, from 0 to 1
     * @param thresholds the point's threshold: an image counts as positive when its score is at
     *        least this; the first point, (0, 0), has {@code +Infinity}
     * @param auc the area under the curve ({@link #auc})
     */
    public record Curve(double[] falsePositiveRate, double[] truePositiveRate, double[] thresholds, double auc) {

        /** The area under the polyline by the trapezoid rule (equals {@link #auc()} up to rounding). */
        public double trapezoidArea() {
            double area = 0;
            for (int i = 1; i < falsePositiveRate.length; i++) {
                area += (falsePositiveRate[i] - falsePositiveRate[i - 1]) * (truePositiveRate[i] + truePositiveRate[i - 1]) / 2;
            }
            return area;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Curve c && Arrays.equals(falsePositiveRate, c.falsePositiveRate)
                    && Arrays.equals(truePositiveRate, c.truePositiveRate) && Arrays.equals(thresholds, c.thresholds)
                    && Double.compare(auc, c.auc) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(falsePositiveRate), Arrays.hashCode(truePositiveRate), auc);
        }

        @Override
        public String toString() {
            return "Curve[" + falsePositiveRate.length + " points, auc=" + auc + "]";
        }
    }

    /**
     * The AUC of {@code score} for telling {@code positive} images from the others.
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static double auc(boolean[] positive, double[] score) {
        check(positive, score);
        int n = score.length;
        long p = positives(positive);
        long neg = n - p;
        if (p == 0 || neg == 0 || Arrays.stream(score).anyMatch(Double::isNaN)) {
            return Double.NaN;
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double meanRank = (i + 1 + j + 1) / 2.0;   // ranks i+1 .. j+1 share their mean
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositives += meanRank;
                }
            }
            i = j + 1;
        }
        return (rankSumPositives - p * (p + 1) / 2.0) / ((double) p * neg);
    }

    /**
     * The ROC curve of {@code score} for {@code positive}: starting at (0, 0), one point after each
     * group of equal scores, ending at (1, 1). Tied scores of positives and negatives make one
     * diagonal step, which is how a tie counts one half in the AUC.
     *
     * @throws IllegalArgumentException if the arrays differ in length, or there is no positive or no
     *         negative (the curve is undefined), or a score is NaN
     */
    public static Curve curve(boolean[] positive, double[] score) {
        check(positive, score);
        int n = score.length;
        long p = positives(positive);
        long neg = n - p;
        if (p == 0 || neg == 0) {
            throw new IllegalArgumentException("a ROC curve needs positives and negatives; got " + p + " and " + neg);
        }
        if (Arrays.stream(score).anyMatch(Double::isNaN)) {
            throw new IllegalArgumentException("a score is NaN");
        }
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        long tp = 0;
        long fp = 0;
        int i = 0;
        while (i < n) {
            double s = score[order[i]];
            while (i < n && score[order[i]] == s) {
                if (positive[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.add(new double[] {(double) fp / neg, (double) tp / p, s});
        }
        double[] fpr = points.stream().mapToDouble(x -> x[0]).toArray();
        double[] tpr = points.stream().mapToDouble(x -> x[1]).toArray();
        double[] thr = points.stream().mapToDouble(x -> x[2]).toArray();
        return new Curve(fpr, tpr, thr, auc(positive, score));
    }

    private static void check(boolean[] positive, double[] score) {
        Objects.requireNonNull(positive, "positive");
        Objects.requireNonNull(score, "score");
        if (positive.length != score.length) {
            throw new IllegalArgumentException(positive.length + " truths but " + score.length + " scores");
        }
    }

    private static long positives(boolean[] positive) {
        long p = 0;
        for (boolean b : positive) {
            p += b ? 1 : 0;
        }
        return p;
    }
}
