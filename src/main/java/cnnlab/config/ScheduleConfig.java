package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** How the learning rate changes over epochs: none, step (multiply by gamma every N epochs) or exponential. */
@JsonPropertyOrder({"type", "gamma", "everyEpochs"})
public class ScheduleConfig {

    /** The schedules offered. */
    public enum Type { NONE, STEP, EXPONENTIAL }

    public Type type = Type.NONE;

    /** Factor applied to the learning rate; in (0, 1]. */
    public double gamma = 0.5;

    /** step only: apply gamma every this many epochs; >= 1. */
    public int everyEpochs = 5;
}
