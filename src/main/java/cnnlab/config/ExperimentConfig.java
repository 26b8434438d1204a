package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One experiment: what to train, on what, how, where, and what to write. Read from YAML by
 * {@link ConfigLoader}; every field not given keeps the default written here and documented in
 * {@code configs/README.md}.
 */
@JsonPropertyOrder({"name", "description", "seed", "model", "data", "training", "runtime", "output", "analysis"})
public class ExperimentConfig {

    /** Short name, used for the run directory {@code runs/<name>-<timestamp>}. Letters, digits, '-', '_', '.'. */
    public String name = "experiment";

    /** Free text shown in the run table. */
    public String description = "";

    /** Seeds weight initialisation, data shuffling, the validation split and dropout. */
    public long seed = 42;

    public ModelConfig model = new ModelConfig();
    public DataConfig data = new DataConfig();
    public TrainingConfig training = new TrainingConfig();
    public RuntimeConfig runtime = new RuntimeConfig();
    public OutputConfig output = new OutputConfig();
    /** Intervals, calibration, gallery and report of a finished run (issue 13). */
    public AnalysisConfig analysis = new AnalysisConfig();
}
