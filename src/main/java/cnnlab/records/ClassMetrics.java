package cnnlab.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One class's row of {@code perClass} in {@code metrics.json} and {@code cnnlab evaluate --json};
 * a field is left out when it does not apply.
 *
 * @param index the class number
 * @param name its name (MedMNIST data), else {@code null}
 * @param precision single-label tasks: precision
 * @param recall single-label tasks: recall
 * @param f1 single-label tasks: F1
 * @param support single-label tasks: test images of this class
 * @param accuracy multi-label tasks: the label's accuracy at the threshold
 * @param positives multi-label tasks: test images with this label
 * @param auc MedMNIST data: the class's (one-vs-rest) AUC; NaN when undefined
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassMetrics(@JsonProperty("class") int index, String name, Double precision, Double recall, Double f1, Long support,
                           Double accuracy, Long positives, Double auc) {
}
