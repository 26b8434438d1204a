package cnnlab.model;

import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import cnnlab.config.RuntimeConfig;

/**
 * Which layer computes a network's conv layers, decided when cnnlab builds or loads a network.
 *
 * <p>What a network stores (model.zip, checkpoints) is always DL4J's standard {@link ConvolutionLayer}
 * configuration, so any DL4J program can open it. What runs is chosen by
 * {@code runtime.fastConvolution} and the backend ({@link #useFast}): cnnlab's
 * {@link FastConvolution2DLayer} (configured as {@link FastConvolution2D}, which is a
 * {@code ConvolutionLayer} with the same fields and parameters) on the CPU backend, DL4J's own layer
 * with its cuDNN helper on CUDA, where the host-side lowering of the fast layer would bypass cuDNN
 * and copy device memory every pass. {@link #runtime} turns a stored configuration into the one that
 * runs, {@link #portable} the reverse; both go through DL4J's own JSON form of the configuration (the
 * form a model file has), changing only the class of each convolution layer.
 */
public final class ConvolutionRuntime {

    /** The JSON type name of DL4J's standard convolution layer configuration. */
    static final String STANDARD = ConvolutionLayer.class.getName();
    /** The JSON type name of cnnlab's runtime configuration (what model files of before 2026-12 stored). */
    static final String FAST = FastConvolution2D.class.getName();

    private ConvolutionRuntime() {
    }

    /**
     * Whether conv layers run as cnnlab's {@link FastConvolution2DLayer} for this setting on this
     * backend: {@code true}/{@code false} as set; {@code auto}: on every backend but CUDA.
     *
     * @param backend the backend the network runs on ({@link RuntimeConfig.Backend#CPU} or
     *                {@link RuntimeConfig.Backend#CUDA}, see {@link #runningBackend()})
     */
    public static boolean useFast(RuntimeConfig.FastConvolution setting, RuntimeConfig.Backend backend) {
        return switch (setting) {
            case TRUE -> true;
            case FALSE -> false;
            case AUTO -> backend != RuntimeConfig.Backend.CUDA;
        };
    }

    /** {@link #useFast(RuntimeConfig.FastConvolution, RuntimeConfig.Backend)} on the backend ND4J runs on. */
    public static boolean useFast(RuntimeConfig.FastConvolution setting) {
        return useFast(setting, runningBackend());
    }

    /** The backend ND4J runs on (starts ND4J): CUDA for nd4j-cuda's backend, CPU otherwise. */
    public static RuntimeConfig.Backend runningBackend() {
        return backendOf(Nd4j.getBackend().getClass().getName());
    }

    /** The backend an ND4J backend class stands for: CUDA for {@code ...jcublas.JCublasBackend}, CPU otherwise. */
    static RuntimeConfig.Backend backendOf(String nd4jBackendClass) {
        return nd4jBackendClass.toLowerCase(Locale.ROOT).contains("jcublas") ? RuntimeConfig.Backend.CUDA : RuntimeConfig.Backend.CPU;
    }

    /**
     * {@code conf} with every convolution layer (standard or {@link FastConvolution2D}) as
     * {@link FastConvolution2D} if {@code fast}, else as DL4J's standard {@link ConvolutionLayer};
     * everything else, iteration and epoch counts included, as it is. A new object; {@code conf} is
     * not changed.
     */
    public static MultiLayerConfiguration runtime(MultiLayerConfiguration conf, boolean fast) {
        return withConvolutionClass(conf, fast ? FAST : STANDARD);
    }

    /** {@code conf} with every convolution layer as DL4J's standard {@link ConvolutionLayer}: what model files store. */
    public static MultiLayerConfiguration portable(MultiLayerConfiguration conf) {
        return withConvolutionClass(conf, STANDARD);
    }

    /** Whether a configuration has a layer whose class is {@link FastConvolution2D}. */
    static boolean hasFastLayers(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(NeuralNetConfiguration::getLayer).anyMatch(l -> l instanceof FastConvolution2D);
    }

    /**
     * {@code net} with its conv layers run as {@code fast} says: {@code net} itself when they already
     * are, else a new network with the same configuration (up to the conv layers' class), parameters,
     * updater state and counters. {@code net} should not be used afterwards (they may share arrays).
     */
    public static MultiLayerNetwork withRuntimeLayers(MultiLayerNetwork net, boolean fast) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        boolean convolutions = conf.getConfs().stream().anyMatch(c -> c.getLayer() instanceof ConvolutionLayer
                && (c.getLayer().getClass() == ConvolutionLayer.class || c.getLayer().getClass() == FastConvolution2D.class));
        if (!convolutions || hasFastLayers(conf) == fast) {
            return net;
        }
        MultiLayerNetwork out = new MultiLayerNetwork(runtime(conf, fast));
        out.init(net.params(), false);
        INDArray updaterState = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (updaterState != null) {
            out.getUpdater().setStateViewArray(out, updaterState.dup(), false);
        }
        return out;
    }

    private static MultiLayerConfiguration withConvolutionClass(MultiLayerConfiguration conf, String className) {
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        try {
            JsonNode tree = mapper.readTree(conf.toJson());
            for (JsonNode c : tree.path("confs")) {
                JsonNode layer = c.path("layer");
                String type = layer.path("@class").asText();
                if (type.equals(STANDARD) || type.equals(FAST)) {
                    ((ObjectNode) layer).put("@class", className);
                }
            }
            return MultiLayerConfiguration.fromJson(mapper.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DL4J's JSON form of a network configuration did not read back", e);
        }
    }
}
