package cnnlab.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A pool layer ({@code type: pool}): max, avg or sum over a square window. */
@JsonPropertyOrder({"type", "pooling", "size", "stride", "padding", "convolutionMode", "includePadInDivisor"})
public final class PoolLayerConfig extends WindowLayerConfig {

    /** max, avg or sum; default max. */
    public PoolingName pooling;
    /** Window size (square). */
    public Integer size;
    /** With avg: whether padding counts in the divisor; default false (DL4J's builder default). */
    public Boolean includePadInDivisor;

    public PoolLayerConfig() {
        super(LayerType.POOL);
    }

    @Override
    void applyDefaults() {
        pooling = pooling == null ? PoolingName.MAX : pooling;
        stride = stride == null && size != null ? size : stride;
        padding = padding == null ? 0 : padding;
        if (pooling == PoolingName.AVG && includePadInDivisor == null) {
            includePadInDivisor = false;
        }
    }

    @Override
    Integer window() {
        return size;
    }

    @Override
    String describeWindow() {
        return pooling.name().toLowerCase() + " pool " + size + "x" + size;
    }

    @Override
    public String label() {
        return pooling.name().toLowerCase() + "pool" + size;
    }
}
