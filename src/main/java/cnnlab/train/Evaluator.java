package cnnlab.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Evaluates a network on labelled images: accuracy, per-class precision, recall and F1, the
 * confusion matrix (DL4J's {@link Evaluation}), and the mean cross-entropy.
 */
public final class Evaluator {

    /**
     * The result of an evaluation.
     *
     * @param loss mean cross-entropy, {@code -log p(true class)}, without regularisation
     * @param evaluation DL4J's evaluation: accuracy, per-class metrics, confusion matrix
     */
    public record Result(double loss, Evaluation evaluation) {

        /** Share of images classified correctly, 0 to 1. */
        public double accuracy() {
            return evaluation.accuracy();
        }
    }

    private Evaluator() {
    }

    /** Runs the network in inference mode over every minibatch of {@code data}. */
    public static Result evaluate(MultiLayerNetwork net, DataSetIterator data, int classes) {
        Evaluation eval = new Evaluation(classes);
        double lossSum = 0;
        long n = 0;
        data.reset();
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray out = net.output(ds.getFeatures(), false);
            INDArray labels = ds.getLabels();
            eval.eval(labels, out);
            INDArray truth = labels.argMax(1);
            for (int i = 0; i < out.rows(); i++) {
                double p = out.getDouble(i, truth.getInt(i));
                lossSum += -Math.log(Math.max(p, 1e-12));
            }
            n += out.rows();
        }
        return new Result(n == 0 ? Double.NaN : lossSum / n, eval);
    }
}
