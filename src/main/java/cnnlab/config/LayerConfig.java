package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.nd4j.linalg.activations.Activation;

/**
 * One hidden layer. {@code type} says which: {@code conv} (filters, kernel, stride, padding,
 * activation), {@code pool} (pooling, size, stride, padding) or {@code dense} (units, activation,
 * dropout). Fields that do not belong to the type are rejected by validation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "filters", "units", "pooling", "kernel", "size", "stride", "padding", "convolutionMode",
        "activation", "dropout", "includePadInDivisor"})
public class LayerConfig {

    /** conv, pool or dense. */
    public LayerType type;

    /** conv: number of filters (output channels). */
    public Integer filters;
    /** conv: kernel size (square). */
    public Integer kernel;
    /** dense: number of units. */
    public Integer units;
    /** pool: max, avg or sum. */
    public PoolingName pooling;
    /** pool: window size (square). */
    public Integer size;
    /** conv and pool: stride; default 1 for conv, the window size for pool. */
    public Integer stride;
    /** conv and pool: zero padding on each side; default 0. */
    public Integer padding;
    /** conv and pool: overrides model.convolutionMode for this layer. */
    public ConvolutionModeName convolutionMode;
    /** conv and dense: activation function; default relu. */
    public Activation activation;
    /** dense: probability of DROPPING an input during training (0 = no dropout); default 0. */
    public Double dropout;
    /** pool with avg: whether padding counts in the divisor; default false (DL4J's builder default). */
    public Boolean includePadInDivisor;

    /** The kinds of hidden layer. */
    public enum LayerType { CONV, POOL, DENSE }

    static LayerConfig conv(int filters, int kernel) {
        LayerConfig c = new LayerConfig();
        c.type = LayerType.CONV;
        c.filters = filters;
        c.kernel = kernel;
        return c;
    }

    static LayerConfig pool(PoolingName pooling, int size) {
        LayerConfig c = new LayerConfig();
        c.type = LayerType.POOL;
        c.pooling = pooling;
        c.size = size;
        return c;
    }

    static LayerConfig dense(int units) {
        LayerConfig c = new LayerConfig();
        c.type = LayerType.DENSE;
        c.units = units;
        return c;
    }

    /** Fills in the defaults of this layer's type, so that the resolved config shows every value used. */
    void applyDefaults() {
        switch (type) {
            case CONV:
                stride = stride == null ? 1 : stride;
                padding = padding == null ? 0 : padding;
                activation = activation == null ? Activation.RELU : activation;
                break;
            case POOL:
                pooling = pooling == null ? PoolingName.MAX : pooling;
                stride = stride == null && size != null ? size : stride;
                padding = padding == null ? 0 : padding;
                if (pooling == PoolingName.AVG && includePadInDivisor == null) {
                    includePadInDivisor = false;
                }
                break;
            case DENSE:
                activation = activation == null ? Activation.RELU : activation;
                dropout = dropout == null ? 0.0 : dropout;
                break;
            default:
                throw new AssertionError(type);
        }
    }
}
