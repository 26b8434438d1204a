package cnnlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

import cnnlab.data.MedMnistInfo;
import cnnlab.data.NpzDataset;
import cnnlab.data.Task;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.OutputHead;

/**
 * The content of {@code metrics.json}: final test accuracy and loss, per-class precision, recall
 * and F1, the confusion matrix (rows: true class, columns: predicted), and the run's best epoch; for
 * a MedMNIST dataset also the metrics MedMNIST reports (task, {@code acc}, {@code auc}, each class's
 * AUC, and for a binary task {@code sensitivity}, {@code specificity} and the ROC curve). Also the
 * content of a medical run's {@code dataset.json}.
 */
public final class MetricsReport {

    private MetricsReport() {
    }

    /** The report of a run without MedMNIST metrics, as a JSON-ready map. */
    public static Map<String, Object> of(Evaluator.Result test, TrainingState state, TrainingData data) {
        return of(test, state, data, OutputHead.softmax(), null, null);
    }

    /**
     * The report as a JSON-ready map.
     *
     * @param medical the MedMNIST metrics of the test images, or {@code null} for a run on IDX data
     * @param rocFile the ROC picture's file name, or {@code null} if none is drawn
     */
    public static Map<String, Object> of(Evaluator.Result test, TrainingState state, TrainingData data, OutputHead head,
                                         MedicalMetrics medical, String rocFile) {
        Evaluation e = test.evaluation();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.source().name());
        m.put("testImages", data.test().size());
        m.put("testAccuracy", test.accuracy());
        m.put("testLoss", test.loss());
        if (e != null) {
            m.put("macroF1", e.f1());
        }
        m.put("epochs", state.completedEpochs);
        m.put("bestEpoch", state.bestEpoch);
        m.put("bestValidationAccuracy", state.bestValidationAccuracy);
        m.put("trainingSeconds", state.history.stream().mapToDouble(EpochMetrics::seconds).sum());
        if (medical != null) {
            putMedical(m, medical);
            if (medical.task() == Task.BINARY) {
                Map<String, Object> positive = new LinkedHashMap<>();
                positive.put("class", 1);
                positive.put("name", data.classNames().get(1));
                m.put("positiveClass", positive);
                long[] c = medical.confusion();
                Map<String, Object> counts = new LinkedHashMap<>();
                counts.put("truePositives", c[3]);
                counts.put("falseNegatives", c[2]);
                counts.put("trueNegatives", c[0]);
                counts.put("falsePositives", c[1]);
                m.put("counts", counts);
                if (medical.roc() != null) {
                    Map<String, Object> roc = new LinkedHashMap<>();
                    if (rocFile != null) {
                        roc.put("picture", rocFile);
                    }
                    roc.put("falsePositiveRate", medical.roc().falsePositiveRate());
                    roc.put("truePositiveRate", medical.roc().truePositiveRate());
                    m.put("rocCurve", roc);
                }
            }
            if (head.classWeights() != null) {
                m.put("classWeights", head.classWeights());
            }
        }
        List<Map<String, Object>> perClass = new ArrayList<>();
        int classes = e != null ? confusion(e).length : data.numClasses();
        for (int c = 0; c < classes; c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", c);
            if (medical != null) {
                row.put("name", data.classNames().get(c));
            }
            if (e != null) {
                row.put("precision", e.precision(c));
                row.put("recall", e.recall(c));
                row.put("f1", e.f1(c));
                row.put("support", e.getConfusionMatrix().getActualTotal(c));
            } else if (medical != null) {
                row.put("accuracy", medical.labelAccuracy()[c]);
                row.put("positives", medical.positives()[c]);
            }
            if (medical != null) {
                row.put("auc", medical.classAuc()[c]);
            }
            perClass.add(row);
        }
        m.put("perClass", perClass);
        if (e != null) {
            m.put("confusionMatrix", confusion(e));
        }
        return m;
    }

    /**
     * What {@code cnnlab evaluate --json} prints, as a JSON-ready map: the run, model file, dataset,
     * test accuracy and loss; for a MedMNIST dataset the metrics MedMNIST reports (as in
     * {@code metrics.json}) with each class's AUC; and the confusion matrix.
     */
    public static Map<String, Object> of(TestEvaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", e.model().dir().root().toString());
        m.put("model", e.model().source().toString());
        m.put("dataset", e.dataset());
        m.put("testImages", e.test().images().size());
        m.put("testAccuracy", e.result().accuracy());
        m.put("testLoss", e.result().loss());
        MedicalMetrics medical = e.medical();
        if (medical != null) {
            putMedical(m, medical);
            List<Object> perClass = new ArrayList<>();
            for (int c = 0; c < e.model().config().model.classes; c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", c);
                row.put("name", e.test().classNames().get(c));
                row.put("auc", medical.classAuc()[c]);
                perClass.add(row);
            }
            m.put("perClass", perClass);
        }
        if (e.result().evaluation() != null) {
            m.put("confusionMatrix", confusion(e.result().evaluation()));
        }
        return m;
    }

    /** The metrics MedMNIST reports: task, ACC and AUC, and for a binary task sensitivity and specificity at the threshold. */
    private static void putMedical(Map<String, Object> m, MedicalMetrics medical) {
        m.put("task", medical.task().medMnistName());
        m.put("acc", medical.acc());
        m.put("auc", medical.auc());
        if (medical.task() == Task.BINARY) {
            m.put("sensitivity", medical.sensitivity());
            m.put("specificity", medical.specificity());
            m.put("threshold", MedicalMetrics.THRESHOLD);
        }
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
    public static Map<String, Object> dataset(TrainingData data, OutputHead head) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.source().name());
        m.put("file", data.source().file().toAbsolutePath().normalize().toString());
        if (data.source() instanceof NpzDataset npz && npz.info() != null) {
            MedMnistInfo i = npz.info();
            m.put("medmnist", i.title());
            m.put("md5", data.fileMd5());
            m.put("publishedMd5", i.md5());
            m.put("licence", i.licence());
        }
        m.put("task", data.task().medMnistName());
        m.put("channels", data.channels());
        m.put("height", data.train().rows());
        m.put("width", data.train().cols());
        m.put("classes", data.numClasses());
        m.put("classNames", data.classNames());
        m.put("trainImages", data.train().size());
        m.put("validationImages", data.validation().size());
        m.put("testImages", data.test().size());
        m.put("trainClassCounts", data.train().classCounts());
        m.put("output", head.multiLabel() ? "sigmoid, binary cross-entropy" : "softmax, cross-entropy");
        m.put("classWeights", head.classWeights());
        m.put("normalisation", data.normaliser().describe());
        return m;
    }

    /** A copy of {@code m} with NaN values (no validation set, say) as null, so that the JSON stays numeric or null. */
    public static Map<String, Object> withoutNaN(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Double d && d.isNaN() ? null : v));
        return out;
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
