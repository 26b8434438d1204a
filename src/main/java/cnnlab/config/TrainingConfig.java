package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** How to train: epochs, batch size, optimiser, learning-rate schedule and regularisation. */
@JsonPropertyOrder({"epochs", "batchSize", "optimizer", "schedule", "l2", "weightDecay"})
public class TrainingConfig {

    /** Passes over the training images; >= 1. */
    public int epochs = 10;

    /** Images per minibatch; >= 1. */
    public int batchSize = 64;

    public OptimizerConfig optimizer = new OptimizerConfig();

    public ScheduleConfig schedule = new ScheduleConfig();

    /** L2 penalty on weights (not biases); 0 = none. */
    public double l2 = 0.0;

    /** Decoupled weight decay (as in AdamW); 0 = none. */
    public double weightDecay = 0.0;
}
