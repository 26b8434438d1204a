package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.nd4j.linalg.activations.Activation;

/** A conv layer ({@code type: conv}): filters of a square kernel, with stride, padding and activation. */
@JsonPropertyOrder({"type", "filters", "kernel", "stride", "padding", "convolutionMode", "activation"})
public final class ConvLayerConfig extends WindowLayerConfig {

    /** Number of filters (output channels). */
    public Integer filters;
    /** Kernel size (square). */
    public Integer kernel;
    /** Activation function; default relu. */
    public Activation activation;

    public ConvLayerConfig() {
        super(LayerType.CONV);
    }

    @Override
    void applyDefaults() {
        stride = stride == null ? 1 : stride;
        padding = padding == null ? 0 : padding;
        activation = activation == null ? Activation.RELU : activation;
    }

    @Override
    Integer window() {
        return kernel;
    }

    @Override
    String describeWindow() {
        return "conv " + kernel + "x" + kernel;
    }

    @Override
    public String label() {
        return "conv" + filters + "k" + kernel;
    }
}
