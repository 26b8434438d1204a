package cnnlab.config;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One hidden layer. {@code type} says which, and the type's class holds exactly its settings:
 * {@code conv} ({@link ConvLayerConfig}: filters, kernel, stride, padding, convolutionMode,
 * activation), {@code pool} ({@link PoolLayerConfig}: pooling, size, stride, padding,
 * convolutionMode, includePadInDivisor) or {@code dense} ({@link DenseLayerConfig}: units,
 * activation, dropout). Jackson picks the class by {@code type}, so a setting of another type is
 * refused while the file is read, as an unknown key is ({@link ConfigLoader} words it).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ConvLayerConfig.class, name = "conv"),
    @JsonSubTypes.Type(value = PoolLayerConfig.class, name = "pool"),
    @JsonSubTypes.Type(value = DenseLayerConfig.class, name = "dense"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract sealed class LayerConfig permits WindowLayerConfig, DenseLayerConfig {

    /** conv, pool or dense: set by the class, written to the file. */
    public LayerType type;

    /** The kinds of hidden layer, each with its class. */
    public enum LayerType {
        CONV(ConvLayerConfig.class), POOL(PoolLayerConfig.class), DENSE(DenseLayerConfig.class);

        private final Class<? extends LayerConfig> settingsClass;

        LayerType(Class<? extends LayerConfig> settingsClass) {
            this.settingsClass = settingsClass;
        }

        /** The name in config files: conv, pool or dense. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** This type's settings (not {@code type} itself), in the order a resolved config lists them. */
        public List<String> settings() {
            return Arrays.stream(settingsClass.getAnnotation(JsonPropertyOrder.class).value()).filter(s -> !s.equals("type")).toList();
        }

        /** The type whose class is {@code c}, or null. */
        static LayerType of(Class<?> c) {
            return Arrays.stream(values()).filter(t -> t.settingsClass == c).findFirst().orElse(null);
        }
    }

    LayerConfig(LayerType type) {
        this.type = type;
    }

    /** A conv layer of {@code filters} filters, {@code kernel x kernel}. */
    static ConvLayerConfig conv(int filters, int kernel) {
        ConvLayerConfig c = new ConvLayerConfig();
        c.filters = filters;
        c.kernel = kernel;
        return c;
    }

    /** A pool layer, {@code size x size}. */
    static PoolLayerConfig pool(PoolingName pooling, int size) {
        PoolLayerConfig c = new PoolLayerConfig();
        c.pooling = pooling;
        c.size = size;
        return c;
    }

    /** A dense layer of {@code units} units. */
    static DenseLayerConfig dense(int units) {
        DenseLayerConfig c = new DenseLayerConfig();
        c.units = units;
        return c;
    }

    /** Fills in the defaults of this layer's type, so that the resolved config shows every value used. */
    abstract void applyDefaults();

    /** A short name of the resolved layer, e.g. {@code conv6k5}, {@code maxpool2} or {@code dense120}. */
    public abstract String label();
}
