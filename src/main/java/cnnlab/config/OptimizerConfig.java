package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The optimiser: sgd (with optional momentum), adam or rmsprop, and its learning rate. */
@JsonPropertyOrder({"type", "learningRate", "momentum", "beta1", "beta2", "epsilon"})
public class OptimizerConfig {

    /** The optimisers offered. {@code sgd} with momentum > 0 is SGD with (Nesterov) momentum. */
    public enum Type { SGD, ADAM, RMSPROP }

    public Type type = Type.ADAM;

    /** Step size; > 0. */
    public double learningRate = 1e-3;

    /** sgd only: momentum in [0, 1); 0 = plain SGD. */
    public double momentum = 0.0;

    /** adam only: decay of the first-moment estimate, in [0, 1). */
    public double beta1 = 0.9;

    /** adam only: decay of the second-moment estimate, in [0, 1). */
    public double beta2 = 0.999;

    /** adam and rmsprop: added to denominators for stability; > 0. */
    public double epsilon = 1e-8;
}
