package cnnlab.metrics;

import java.util.Arrays;
import java.util.Objects;

import cnnlab.data.Task;

/**
 * ACC and AUC as MedMNIST reports them, and for a binary task also sensitivity, specificity and the
 * ROC curve, from a network's scores on labelled images.
 *
 * <p>Definitions (after MedMNIST's {@code evaluator.py}; {@code s[i][c]} is image {@code i}'s score
 * for class {@code c}, a softmax probability, or a sigmoid one for a multi-label task):
 * <ul>
 *   <li><b>multi-class</b> (and ordinal regression): ACC is the share of images whose highest score is
 *       their class (the first highest on a tie); AUC is the mean over classes {@code c} of the AUC of
 *       {@code s[.][c]} for "class c or not" (one-vs-rest, macro average);</li>
 *   <li><b>binary</b>: class 1 is the positive one (PneumoniaMNIST: pneumonia). An image is predicted
 *       positive when {@code s[i][1] > 0.5} ({@link #THRESHOLD}); ACC is the share predicted right,
 *       sensitivity {@code TP / (TP + FN)} (the recall of class 1), specificity
 *       {@code TN / (TN + FP)} (the recall of class 0); AUC is that of {@code s[.][1]}, and the ROC
 *       curve is drawn from the same scores. With a softmax of two classes the threshold rule and the
 *       argmax agree;</li>
 *   <li><b>multi-label</b>: label {@code k} is predicted when {@code s[i][k] > 0.5}; ACC is the mean
 *       over labels of the per-label accuracy; AUC the mean over labels of each label's AUC.</li>
 * </ul>
 * A class (or label) without positives or without negatives among the images has no AUC
 * ({@code NaN} in {@link #classAuc()}); the mean is taken over the others (MedMNIST's scikit-learn
 * call would stop with an error instead; in MedMNIST's real test splits every class occurs).
 *
 * @param task the task the definitions above follow
 * @param images the number of images scored
 * @param acc the accuracy, 0 to 1
 * @param auc the (mean) AUC, 0 to 1, NaN if no class has one
 * @param classAuc each class's (label's) one-vs-rest AUC, NaN where undefined
 * @param positives each class's number of images (multi-label: of images with the label)
 * @param labelAccuracy multi-label only: each label's accuracy at the threshold; else {@code null}
 * @param sensitivity binary: {@code TP / (TP + FN)}; multi-class and multi-label: NaN
 * @param specificity binary: {@code TN / (TN + FP)}; otherwise NaN
 * @param confusion binary: {@code {TN, FP, FN, TP}} at the threshold; otherwise {@code null}
 * @param roc binary: the ROC curve of the class-1 score; otherwise, or if undefined, {@code null}
 */
public record MedicalMetrics(Task task, int images, double acc, double auc, double[] classAuc, int[] positives,
                             double[] labelAccuracy, double sensitivity, double specificity, long[] confusion, Roc.Curve roc) {

    /** The decision threshold of the binary and multi-label predictions, as in MedMNIST's {@code getACC}. */
    public static final double THRESHOLD = 0.5;

    /**
     * Computes the metrics.
     *
     * @param task what the labels mean; {@link Task#MULTI_LABEL} reads {@code labels} as rows of flags
     * @param scores {@code scores[i][c]}, {@code n} rows of {@code K} scores
     * @param labels single-label: {@code n} classes in {@code [0, K)}; multi-label: {@code n * K} flags
     *        (0/1), row after row
     * @throws IllegalArgumentException if the shapes do not agree, a class is out of range, or a binary
     *         task does not have 2 classes
     */
    public static MedicalMetrics of(Task task, double[][] scores, int[] labels) {
        Objects.requireNonNull(task, "task");
        int n = scores.length;
        int k = n == 0 ? 0 : scores[0].length;
        for (double[] row : scores) {
            if (row.length != k) {
                throw new IllegalArgumentException("ragged scores: rows of " + k + " and " + row.length);
            }
        }
        if (task.multiLabel()) {
            if (labels.length != n * k) {
                throw new IllegalArgumentException(labels.length + " label flags for " + n + " images of " + k + " labels");
            }
            return multiLabel(task, scores, labels, n, k);
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " images");
        }
        for (int label : labels) {
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("class " + label + " is outside 0.." + (k - 1));
            }
        }
        if (task == Task.BINARY) {
            if (k != 2) {
                throw new IllegalArgumentException("a binary task has 2 classes, got scores for " + k);
            }
            return binary(scores, labels, n);
        }
        return multiClass(task, scores, labels, n, k);
    }

    private static MedicalMetrics multiClass(Task task, double[][] s, int[] labels, int n, int k) {
        int right = 0;
        for (int i = 0; i < n; i++) {
            right += argmax(s[i]) == labels[i] ? 1 : 0;
        }
        double[] classAuc = new double[k];
        int[] positives = new int[k];
        for (int c = 0; c < k; c++) {
            boolean[] pos = new boolean[n];
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                pos[i] = labels[i] == c;
                positives[c] += pos[i] ? 1 : 0;
                col[i] = s[i][c];
            }
            classAuc[c] = Roc.auc(pos, col);
        }
        return new MedicalMetrics(task, n, n == 0 ? Double.NaN : (double) right / n, meanDefined(classAuc), classAuc, positives,
                null, Double.NaN, Double.NaN, null, null);
    }

    private static MedicalMetrics binary(double[][] s, int[] labels, int n) {
        boolean[] pos = new boolean[n];
        double[] score = new double[n];
        boolean[] neg = new boolean[n];
        double[] score0 = new double[n];
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < n; i++) {
            pos[i] = labels[i] == 1;
            neg[i] = !pos[i];
            score[i] = s[i][1];
            score0[i] = s[i][0];
            boolean predicted = score[i] > THRESHOLD;
            if (predicted && pos[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (pos[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        double auc = Roc.auc(pos, score);
        double[] classAuc = {Roc.auc(neg, score0), auc};
        int[] positives = {(int) (tn + fp), (int) (tp + fn)};
        Roc.Curve curve = Double.isNaN(auc) ? null : Roc.curve(pos, score);
        return new MedicalMetrics(Task.BINARY, n, n == 0 ? Double.NaN : (double) (tp + tn) / n, auc, classAuc, positives, null,
                ratio(tp, tp + fn), ratio(tn, tn + fp), new long[] {tn, fp, fn, tp}, curve);
    }

    private static MedicalMetrics multiLabel(Task task, double[][] s, int[] flags, int n, int k) {
        double[] classAuc = new double[k];
        double[] labelAccuracy = new double[k];
        int[] positives = new int[k];
        for (int c = 0; c < k; c++) {
            boolean[] pos = new boolean[n];
            double[] col = new double[n];
            int right = 0;
            for (int i = 0; i < n; i++) {
                int f = flags[i * k + c];
                if (f != 0 && f != 1) {
                    throw new IllegalArgumentException("label flag " + f + " of image " + i + ", expected 0 or 1");
                }
                pos[i] = f == 1;
                positives[c] += f;
                col[i] = s[i][c];
                right += (col[i] > THRESHOLD) == pos[i] ? 1 : 0;
            }
            classAuc[c] = Roc.auc(pos, col);
            labelAccuracy[c] = n == 0 ? Double.NaN : (double) right / n;
        }
        return new MedicalMetrics(task, n, Arrays.stream(labelAccuracy).average().orElse(Double.NaN), meanDefined(classAuc),
                classAuc, positives, labelAccuracy, Double.NaN, Double.NaN, null, null);
    }

    /** The index of the highest value, the first one on a tie (as NumPy's and ND4J's argmax). */
    public static int argmax(double[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The mean of the non-NaN values, NaN if there are none. */
    static double meanDefined(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MedicalMetrics m && task == m.task && images == m.images && Double.compare(acc, m.acc) == 0
                && Double.compare(auc, m.auc) == 0 && Arrays.equals(classAuc, m.classAuc) && Arrays.equals(positives, m.positives)
                && Arrays.equals(labelAccuracy, m.labelAccuracy) && Double.compare(sensitivity, m.sensitivity) == 0
                && Double.compare(specificity, m.specificity) == 0 && Arrays.equals(confusion, m.confusion)
                && Objects.equals(roc, m.roc);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, images, acc, auc, Arrays.hashCode(classAuc), sensitivity, specificity);
    }

    @Override
    public String toString() {
        return "MedicalMetrics[" + task.medMnistName() + ", " + images + " images, ACC " + acc + ", AUC " + auc
                + (task == Task.BINARY ? ", sensitivity " + sensitivity + ", specificity " + specificity : "") + "]";
    }
}
