package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.nd4j.linalg.activations.Activation;

/** A fully connected layer ({@code type: dense}): units, activation and dropout. */
@JsonPropertyOrder({"type", "units", "activation", "dropout"})
public final class DenseLayerConfig extends LayerConfig {

    /** Number of units. */
    public Integer units;
    /** Activation function; default relu. */
    public Activation activation;
    /** Probability of DROPPING an input during training (0 = no dropout); default 0. */
    public Double dropout;

    public DenseLayerConfig() {
        super(LayerType.DENSE);
    }

    @Override
    void applyDefaults() {
        activation = activation == null ? Activation.RELU : activation;
        dropout = dropout == null ? 0.0 : dropout;
    }

    @Override
    public String label() {
        return "dense" + units;
    }
}
