package cnnlab.records;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * What {@code cnnlab evaluate --json} prints: which model was evaluated, and its {@link TestMetrics}
 * (the same fields as in {@code metrics.json}).
 *
 * @param schemaVersion {@link RunJson#SCHEMA_VERSION}
 * @param run the run directory
 * @param model the model file evaluated
 * @param test the metrics (printed at the top level)
 */
public record EvaluationReport(int schemaVersion, String run, String model, @JsonUnwrapped TestMetrics test) {

    /** The report printed now. */
    public static EvaluationReport of(String run, String model, TestMetrics test) {
        return new EvaluationReport(RunJson.SCHEMA_VERSION, run, model, test);
    }
}
