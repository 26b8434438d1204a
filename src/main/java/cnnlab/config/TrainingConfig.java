package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** How to train: epochs, batch size, optimiser, learning-rate schedule, regularisation and class weights. */
@JsonPropertyOrder({"epochs", "batchSize", "optimizer", "schedule", "l2", "weightDecay", "classWeights"})
public class TrainingConfig {

    /**
     * Weights of the classes in the loss. {@code none}: every image counts the same. {@code balanced}:
     * class {@code c} is weighted {@code n / (K * n_c)}, with {@code n} training images, {@code K}
     * classes and {@code n_c} training images of class {@code c} (scikit-learn's "balanced"), so that
     * every class contributes the same total weight; for imbalanced sets such as PneumoniaMNIST (about
     * 3 pneumonia images to 1 normal one). Single-label datasets only.
     */
    public enum ClassWeights { NONE, BALANCED }

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

    /** none, or balanced: class weights computed from the training labels (see {@link ClassWeights}). */
    public ClassWeights classWeights = ClassWeights.NONE;
}
