package cnnlab.records;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code metrics.json}: a finished run's test metrics and a summary of its training.
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION} when written; 0 for files written before it existed
 * @param test the final model's metrics on the test images (written at the top level of the file)
 * @param epochs epochs trained
 * @param bestEpoch the epoch of the best validation accuracy (0 if none)
 * @param bestValidationAccuracy the best validation accuracy; {@code null} without a validation set
 * @param trainingSeconds training time, all epochs
 */
public record RunMetrics(int schemaVersion, @JsonUnwrapped TestMetrics test, int epochs, int bestEpoch,
                         Double bestValidationAccuracy, double trainingSeconds) {

    /** The file content written now. */
    public static RunMetrics of(TestMetrics test, int epochs, int bestEpoch, double bestValidationAccuracy, double trainingSeconds) {
        return new RunMetrics(RunJson.SCHEMA_VERSION, test, epochs, bestEpoch, RunJson.orNull(bestValidationAccuracy), trainingSeconds);
    }

    /** The test AUC (MedMNIST data), NaN when there is none. */
    public double auc() {
        return test.medical() == null ? Double.NaN : RunJson.orNaN(test.medical().auc());
    }
}
