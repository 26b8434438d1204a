package cnnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

import cnnlab.data.MedMnistInfo;
import cnnlab.data.NpzDataset;
import cnnlab.data.Task;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.OutputHead;
import cnnlab.records.ClassMetrics;
import cnnlab.records.DatasetFacts;
import cnnlab.records.EvaluationReport;
import cnnlab.records.MedicalSummary;
import cnnlab.records.RunJson;
import cnnlab.records.RunMetrics;
import cnnlab.records.TestMetrics;

/**
 * Builds the records of a run's results from DL4J's evaluation: {@code metrics.json} ({@link RunMetrics}:
 * final test accuracy and loss, per-class precision, recall and F1, the confusion matrix (rows: true
 * class, columns: predicted), and the run's best epoch; for a MedMNIST dataset also the metrics
 * MedMNIST reports, {@link MedicalSummary}), the test metrics that {@code cnnlab evaluate} prints
 * ({@link TestMetrics}, the same fields), and a medical run's {@code dataset.json} ({@link DatasetFacts}).
 */
public final class MetricsReport {

    private MetricsReport() {
    }

    /** The report of a run without MedMNIST metrics. */
    public static RunMetrics of(Evaluator.Result test, TrainingState state, TrainingData data) {
        return of(test, state, data, OutputHead.softmax(), null, null);
    }

    /**
     * The content of {@code metrics.json}.
     *
     * @param medical the MedMNIST metrics of the test images, or {@code null} for a run on IDX data
     * @param rocFile the ROC picture's file name, or {@code null} if none is drawn
     */
    public static RunMetrics of(Evaluator.Result test, TrainingState state, TrainingData data, OutputHead head,
                                MedicalMetrics medical, String rocFile) {
        TestMetrics metrics = test(test, data.source().name(), data.test().size(), data.numClasses(), data.classNames(), medical,
                rocFile, head.classWeights());
        return RunMetrics.of(metrics, state.completedEpochs, state.bestEpoch, state.bestValidationAccuracy,
                state.history.stream().mapToDouble(EpochMetrics::seconds).sum());
    }

    /**
     * A model's metrics on test images, as {@code metrics.json} and {@code cnnlab evaluate} report them.
     *
     * @param test the evaluation
     * @param dataset the data set's name
     * @param images the number of test images
     * @param classes the number of classes (used when there is no DL4J evaluation: multi-label tasks)
     * @param classNames the class names (used with MedMNIST metrics)
     * @param medical the MedMNIST metrics, or {@code null} for IDX data
     * @param rocFile the ROC picture's file name, or {@code null} if none is drawn
     * @param classWeights the weights of the loss, or {@code null}
     */
    public static TestMetrics test(Evaluator.Result test, String dataset, int images, int classes, List<String> classNames,
                                   MedicalMetrics medical, String rocFile, double[] classWeights) {
        Evaluation e = test.evaluation();
        List<ClassMetrics> perClass = new ArrayList<>();
        int rows = e != null ? confusion(e).length : classes;
        for (int c = 0; c < rows; c++) {
            String name = medical != null ? classNames.get(c) : null;
            Double auc = medical != null ? medical.classAuc()[c] : null;
            if (e != null) {
                perClass.add(new ClassMetrics(c, name, e.precision(c), e.recall(c), e.f1(c),
                        (long) e.getConfusionMatrix().getActualTotal(c), null, null, auc));
            } else if (medical != null) {
                perClass.add(new ClassMetrics(c, name, null, null, null, null, medical.labelAccuracy()[c],
                        (long) medical.positives()[c], auc));
            } else {
                perClass.add(new ClassMetrics(c, name, null, null, null, null, null, null, null));
            }
        }
        MedicalSummary summary = medical == null ? null : MedicalSummary.of(medical, classNames, rocFile, classWeights);
        return new TestMetrics(dataset, images, orNull(test.accuracy()), orNull(test.loss()), e != null ? orNull(e.f1()) : null,
                summary, perClass, e != null ? confusion(e) : null);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * What {@code cnnlab evaluate --json} prints: the run, the model file and the model's
     * {@link TestMetrics} on the test images (the same fields as in {@code metrics.json}).
     */
    public static EvaluationReport of(TestEvaluation e) {
        TestMetrics metrics = test(e.result(), e.dataset(), e.test().images().size(), e.model().config().model.classes,
                e.test().classNames(), e.medical(), null, null);
        return EvaluationReport.of(e.model().dir().root().toString(), e.model().source().toString(), metrics);
    }

    /** One line for logs and the console, e.g. {@code ACC 0.8542, AUC 0.9312, sensitivity 0.9641, specificity 0.6795}. */
    public static String summary(MedicalMetrics medical) {
        String s = String.format(Locale.ROOT, "ACC %.4f, AUC %.4f", medical.acc(), medical.auc());
        if (medical.task() == Task.BINARY) {
            s += String.format(Locale.ROOT, ", sensitivity %.4f, specificity %.4f (threshold 0.5)", medical.sensitivity(),
                    medical.specificity());
        }
        return s;
    }

    /** The content of a medical run's {@code dataset.json}: what was trained on, and with which output layer. */
    public static DatasetFacts dataset(TrainingData data, OutputHead head) {
        MedMnistInfo info = data.source() instanceof NpzDataset npz ? npz.info() : null;
        return new DatasetFacts(RunJson.SCHEMA_VERSION, data.source().name(),
                data.source().file().toAbsolutePath().normalize().toString(), info == null ? null : info.title(),
                info == null ? null : data.fileMd5(), info == null ? null : info.md5(), info == null ? null : info.licence(),
                data.task().medMnistName(), data.channels(), data.train().rows(), data.train().cols(), data.numClasses(),
                data.classNames(), data.train().size(), data.validation().size(), data.test().size(), data.train().classCounts(),
                head.multiLabel() ? "sigmoid, binary cross-entropy" : "softmax, cross-entropy", head.classWeights(),
                data.normaliser().describe());
    }

    /** The confusion matrix as counts, {@code [true][predicted]}. */
    public static int[][] confusion(Evaluation e) {
        ConfusionMatrix<Integer> cm = e.getConfusionMatrix();
        int n = cm == null ? 0 : cm.getClasses().size();
        int[][] out = new int[n][n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                out[t][p] = cm.getCount(t, p);
            }
        }
        return out;
    }
}
