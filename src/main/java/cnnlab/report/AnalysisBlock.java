package cnnlab.report;

import com.fasterxml.jackson.databind.JsonNode;

import cnnlab.metrics.Bootstrap;

/**
 * Reading the {@code "analysis"} block of a run's metrics.json (bootstrap intervals, calibration,
 * gallery), for the pages and for {@code cnnlab runs}.
 */
public final class AnalysisBlock {

    private AnalysisBlock() {
    }

    /** The bootstrap interval {@code analysis.intervals.<name>} ({@code acc}, {@code auc}, ...), or {@code null} if absent. */
    public static Bootstrap.Interval interval(JsonNode metrics, String name) {
        return intervalIn(metrics.path("analysis"), name);
    }

    /** The bootstrap interval {@code intervals.<name>} of an analysis block, or {@code null} if absent (or no block). */
    public static Bootstrap.Interval intervalIn(JsonNode analysis, String name) {
        if (analysis == null) {
            return null;
        }
        JsonNode i = analysis.path("intervals").path(name);
        return i.path("low").isNumber() && i.path("high").isNumber() ? new Bootstrap.Interval(i.get("low").asDouble(),
                i.get("high").asDouble()) : null;
    }
}
