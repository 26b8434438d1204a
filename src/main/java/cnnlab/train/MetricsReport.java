package cnnlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * The content of {@code metrics.json}: final test accuracy and loss, per-class precision, recall
 * and F1, the confusion matrix (rows: true class, columns: predicted), and the run's best epoch.
 */
public final class MetricsReport {

    private MetricsReport() {
    }

    /** The report as a JSON-ready map. */
    public static Map<String, Object> of(Evaluator.Result test, TrainingState state, TrainingData data) {
        Evaluation e = test.evaluation();
        int classes = confusion(e).length;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", data.files().name());
        m.put("testImages", data.test().size());
        m.put("testAccuracy", e.accuracy());
        m.put("testLoss", test.loss());
        m.put("macroF1", e.f1());
        m.put("epochs", state.completedEpochs);
        m.put("bestEpoch", state.bestEpoch);
        m.put("bestValidationAccuracy", state.bestValidationAccuracy);
        m.put("trainingSeconds", state.history.stream().mapToDouble(EpochMetrics::seconds).sum());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", c);
            row.put("precision", e.precision(c));
            row.put("recall", e.recall(c));
            row.put("f1", e.f1(c));
            row.put("support", e.getConfusionMatrix().getActualTotal(c));
            perClass.add(row);
        }
        m.put("perClass", perClass);
        m.put("confusionMatrix", confusion(e));
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
