package cnnlab.records;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import cnnlab.data.Task;
import cnnlab.metrics.MedicalMetrics;

/**
 * The metrics MedMNIST reports, as {@code metrics.json} and {@code cnnlab evaluate --json} write them
 * (at the top level of the file, beside the accuracy): the task, ACC and AUC, for a binary task also
 * sensitivity, specificity, the counts and the ROC curve, and the class weights of the loss if any.
 * Built in one place, {@link #of}.
 *
 * @param task MedMNIST's name of the task, e.g. {@code binary-class}
 * @param acc MedMNIST's ACC; {@code null} when undefined
 * @param auc MedMNIST's AUC; {@code null} when undefined
 * @param binary the binary task's extra metrics; {@code null} for other tasks
 * @param classWeights the weights of the loss, or {@code null} for none
 */
public record MedicalSummary(String task, @JsonInclude(JsonInclude.Include.ALWAYS) Double acc,
                             @JsonInclude(JsonInclude.Include.ALWAYS) Double auc, @JsonUnwrapped Binary binary,
                             @JsonInclude(JsonInclude.Include.NON_NULL) double[] classWeights) {

    /** A block read from a file without MedMNIST metrics (every field absent) is no block: see {@link #orNull}. */
    public MedicalSummary {
        classWeights = classWeights == null ? null : classWeights.clone();
        if (binary != null && binary.empty()) {
            binary = null;
        }
    }

    /**
     * The summary of {@code m}.
     *
     * @param classNames the names of the classes (the positive class of a binary task is class 1)
     * @param rocPicture the file name of the ROC picture, or {@code null} if none was drawn
     * @param classWeights the weights of the loss, or {@code null}
     */
    public static MedicalSummary of(MedicalMetrics m, List<String> classNames, String rocPicture, double[] classWeights) {
        Binary binary = null;
        if (m.task() == Task.BINARY) {
            long[] c = m.confusion();
            RocCurve roc = m.roc() == null ? null
                    : new RocCurve(rocPicture, m.roc().falsePositiveRate(), m.roc().truePositiveRate());
            binary = new Binary(RunJson.orNull(m.sensitivity()), RunJson.orNull(m.specificity()), MedicalMetrics.THRESHOLD,
                    new PositiveClass(1, classNames.get(1)), new Counts(c[3], c[2], c[0], c[1]), roc);
        }
        return new MedicalSummary(m.task().medMnistName(), RunJson.orNull(m.acc()), RunJson.orNull(m.auc()), binary, classWeights);
    }

    /** {@code s}, or {@code null} when it was read from a file that has no MedMNIST metrics. */
    static MedicalSummary orNull(MedicalSummary s) {
        return s == null || s.task() == null ? null : s;
    }

    /** The binary task's sensitivity, NaN when there is none. */
    public double sensitivityOrNaN() {
        return binary == null ? Double.NaN : RunJson.orNaN(binary.sensitivity());
    }

    /** The binary task's specificity, NaN when there is none. */
    public double specificityOrNaN() {
        return binary == null ? Double.NaN : RunJson.orNaN(binary.specificity());
    }

    /**
     * What only a binary task has.
     *
     * @param sensitivity recall of class 1 at the threshold; {@code null} when undefined
     * @param specificity recall of class 0 at the threshold; {@code null} when undefined
     * @param threshold the decision threshold on the class-1 score
     * @param positiveClass which class counts as positive
     * @param counts the confusion counts at the threshold
     * @param rocCurve the ROC curve of the class-1 score, or {@code null} when undefined
     */
    public record Binary(@JsonInclude(JsonInclude.Include.ALWAYS) Double sensitivity,
                         @JsonInclude(JsonInclude.Include.ALWAYS) Double specificity, Double threshold, PositiveClass positiveClass,
                         Counts counts, @JsonInclude(JsonInclude.Include.NON_NULL) RocCurve rocCurve) {

        boolean empty() {
            return sensitivity == null && specificity == null && threshold == null && positiveClass == null && counts == null
                    && rocCurve == null;
        }
    }

    /**
     * The positive class of a binary task.
     *
     * @param index its class number
     * @param name its name
     */
    public record PositiveClass(@JsonProperty("class") int index, String name) {
    }

    /** The confusion counts of a binary task at the threshold. */
    public record Counts(long truePositives, long falseNegatives, long trueNegatives, long falsePositives) {
    }

    /**
     * The ROC curve of a binary task.
     *
     * @param picture the file name of its picture in the run directory, or {@code null} when none was drawn
     * @param falsePositiveRate x of each point
     * @param truePositiveRate y of each point
     */
    public record RocCurve(@JsonInclude(JsonInclude.Include.NON_NULL) String picture, double[] falsePositiveRate,
                           double[] truePositiveRate) {
    }
}
