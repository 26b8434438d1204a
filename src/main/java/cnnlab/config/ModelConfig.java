package cnnlab.config;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.deeplearning4j.nn.weights.WeightInit;

/**
 * The network: the input it expects, the hidden layers in order, and the output layer (a softmax
 * over the classes). The default is the lab notebook's LeNet-5.
 */
@JsonPropertyOrder({"input", "layers", "classes", "weightInit", "convolutionMode"})
public class ModelConfig {

    /**
     * The image size and channels the network takes; the data must match. For a MedMNIST dataset the
     * channels come from the data (the run's config.yaml records the value used).
     */
    public InputShape input = new InputShape();

    /** Hidden layers, first to last: conv, pool and dense. */
    public List<LayerConfig> layers = new ArrayList<>(List.of(
            LayerConfig.conv(6, 5), LayerConfig.pool(PoolingName.MAX, 2),
            LayerConfig.conv(16, 5), LayerConfig.pool(PoolingName.MAX, 2),
            LayerConfig.dense(120), LayerConfig.dense(84)));

    /**
     * Number of output classes (10 digits). For a MedMNIST dataset it comes from the data (the run's
     * config.yaml records the value used).
     */
    public int classes = 10;

    /** Weight initialisation of every layer with weights (DL4J's WeightInit names). */
    public WeightInit weightInit = WeightInit.XAVIER;

    /** Output-size rule for conv and pool layers that do not set their own: truncate, same or strict. */
    public ConvolutionModeName convolutionMode = ConvolutionModeName.TRUNCATE;

    /** Image height, width and channels. */
    @JsonPropertyOrder({"channels", "height", "width"})
    public static class InputShape {
        public int channels = 1;
        public int height = 28;
        public int width = 28;
    }
}
