package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a finished run works out besides its metrics: bootstrap intervals, calibration, the Grad-CAM
 * gallery and the report page. None of it changes the training or the metrics; it may change when a
 * run is resumed.
 */
@JsonPropertyOrder({"bootstrapResamples", "bootstrapSeed", "calibrationBins", "temperatureScaling", "galleryPerClass", "report"})
public class AnalysisConfig {

    /** Bootstrap resamples of the test images for the 95% intervals; 0 = no intervals. */
    public int bootstrapResamples = 1000;

    /** Seed of the bootstrap resampling (the same intervals every time). */
    public long bootstrapSeed = 2024;

    /** Equal-width confidence bins of the reliability diagram and the ECE; 15 as in Guo et al. (2017). */
    public int calibrationBins = 15;

    /**
     * Whether to fit a temperature on the validation images and report the test calibration before
     * and after it (the metrics of record stay those of the network as trained).
     */
    public boolean temperatureScaling = false;

    /** Test images per class and outcome (right, wrong) in the Grad-CAM gallery; 0 = no gallery. */
    public int galleryPerClass = 2;

    /** Whether to write report.html, one self-contained page of the run. */
    public boolean report = true;
}
