package cnnlab.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import cnnlab.data.Task;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.MinibatchSplit;

/**
 * Evaluates a network on labelled images: the mean loss, and for single-label data accuracy,
 * per-class precision, recall and F1 and the confusion matrix (DL4J's {@link Evaluation}). The
 * network's scores (its output probabilities) are kept with the true labels, for the metrics
 * MedMNIST reports ({@link Result#medical}).
 */
public final class Evaluator {

    /**
     * The result of an evaluation.
     *
     * @param loss the mean loss per image, without regularisation or class weights: cross-entropy
     *        {@code -log p(true class)}; for a multi-label network the binary cross-entropy summed over
     *        the labels, as DL4J's training score counts it
     * @param evaluation DL4J's evaluation (accuracy, per-class metrics, confusion matrix); {@code null}
     *        for a multi-label network, where it does not apply
     * @param scores {@code scores[i][c]}: the network's output for image {@code i} and class {@code c}
     * @param labels single-label: image {@code i}'s class; multi-label: the 0/1 label rows, row after row
     * @param multiLabel whether the network is multi-label
     */
    public record Result(double loss, Evaluation evaluation, double[][] scores, int[] labels, boolean multiLabel) {

        /**
         * Share of images classified correctly, 0 to 1; for a multi-label network MedMNIST's ACC (the mean
         * over the labels of the per-label accuracy at 0.5).
         */
        public double accuracy() {
            return multiLabel ? MedicalMetrics.of(Task.MULTI_LABEL, scores, labels).acc() : evaluation.accuracy();
        }

        /** ACC, AUC and, for a binary task, sensitivity, specificity and the ROC curve, as MedMNIST reports them. */
        public MedicalMetrics medical(Task task) {
            if (task.multiLabel() != multiLabel) {
                throw new IllegalArgumentException("a " + (multiLabel ? "multi-label" : "single-label") + " result cannot be scored as "
                        + task.medMnistName());
            }
            return MedicalMetrics.of(task, scores, labels);
        }
    }

    private Evaluator() {
    }

    /** Runs a single-label (softmax) network in inference mode over every minibatch of {@code data}. */
    public static Result evaluate(MultiLayerNetwork net, DataSetIterator data, int classes) {
        return evaluate(net, data, classes, false);
    }

    /** Runs the network in inference mode over every minibatch of {@code data}. */
    public static Result evaluate(MultiLayerNetwork net, DataSetIterator data, int classes, boolean multiLabel) {
        Evaluation eval = multiLabel ? null : new Evaluation(classes);
        double lossSum = 0;
        int n = 0;
        java.util.List<double[]> scores = new java.util.ArrayList<>();
        java.util.List<int[]> labels = new java.util.ArrayList<>();
        MinibatchSplit split = MinibatchSplit.of(net);
        data.reset();
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray out = split.output(ds.getFeatures());
            INDArray y = ds.getLabels();
            double[][] p = out.toDoubleMatrix();
            double[][] t = y.toDoubleMatrix();
            if (eval != null) {
                eval.eval(y, out);
            }
            for (int i = 0; i < p.length; i++) {
                scores.add(p[i]);
                if (multiLabel) {
                    int[] row = new int[t[i].length];
                    for (int c = 0; c < row.length; c++) {
                        row[c] = t[i][c] > 0.5 ? 1 : 0;
                        double q = Math.min(Math.max(p[i][c], 1e-12), 1 - 1e-12);
                        lossSum += -(row[c] == 1 ? Math.log(q) : Math.log(1 - q));
                    }
                    labels.add(row);
                } else {
                    int truth = MedicalMetrics.argmax(t[i]);
                    labels.add(new int[] {truth});
                    lossSum += -Math.log(Math.max(p[i][truth], 1e-12));
                }
            }
            n += p.length;
        }
        int[] flat = labels.stream().flatMapToInt(java.util.Arrays::stream).toArray();
        return new Result(n == 0 ? Double.NaN : lossSum / n, eval, scores.toArray(new double[0][]), flat, multiLabel);
    }
}
