package cnnlab.records;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A model's metrics on a test set: what {@code metrics.json} and {@code cnnlab evaluate --json} have
 * in common.
 *
 * @param dataset the data set's name (or file)
 * @param testImages images evaluated
 * @param testAccuracy accuracy, 0 to 1; {@code null} when undefined
 * @param testLoss mean loss; {@code null} when undefined
 * @param macroF1 mean F1 over the classes (single-label tasks); {@code null} otherwise
 * @param medical MedMNIST data: the metrics MedMNIST reports, written beside these; else {@code null}
 * @param perClass one row per class
 * @param confusionMatrix single-label tasks: counts {@code [true][predicted]}; else {@code null}
 */
public record TestMetrics(String dataset, int testImages, Double testAccuracy, Double testLoss,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Double macroF1, @JsonUnwrapped MedicalSummary medical,
                          List<ClassMetrics> perClass, @JsonInclude(JsonInclude.Include.NON_NULL) int[][] confusionMatrix) {

    /** Lists cannot be changed; a medical block read from a file without one is {@code null}. */
    public TestMetrics {
        perClass = perClass == null ? List.of() : List.copyOf(perClass);
        medical = MedicalSummary.orNull(medical);
    }

    /** Accuracy, NaN when undefined. */
    public double accuracy() {
        return RunJson.orNaN(testAccuracy);
    }
}
