package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** What a run writes and where. */
@JsonPropertyOrder({"runsDir", "keepCheckpoints", "plots", "logEveryBatches"})
public class OutputConfig {

    /** Folder holding run directories; relative paths are relative to the current directory. */
    public String runsDir = "runs";

    /** Epoch checkpoints kept besides the best one; >= 1. */
    public int keepCheckpoints = 2;

    /** Whether to draw the PNG plots at the end of a run. */
    public boolean plots = true;

    /** When not on a terminal: log a progress line every this many minibatches; >= 1. */
    public int logEveryBatches = 50;
}
