package cnnlab.model;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import cnnlab.config.RuntimeConfig;

/**
 * Model files (model.zip, checkpoints): DL4J's ModelSerializer format with updater state, storing
 * DL4J's standard {@code ConvolutionLayer} configuration for conv layers whatever ran them, so that a
 * DL4J program without cnnlab on its class path can load a model trained here. cnnlab's runtime layer
 * is put back when cnnlab reads one ({@link #read}), as {@link ConvolutionRuntime} decides; files of
 * earlier versions, which name {@code cnnlab.model.FastConvolution2D}, read the same way.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** Writes {@code net} with its updater state to {@code file}, conv layers as DL4J's standard configuration. */
    public static void write(MultiLayerNetwork net, File file) throws IOException {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (!ConvolutionRuntime.hasFastLayers(conf)) {
            ModelSerializer.writeModel(net, file, true);
            return;
        }
        // the running layers keep their configuration objects; only what is written names the standard class
        List<NeuralNetConfiguration> confs = conf.getConfs();
        List<NeuralNetConfiguration> portable = ConvolutionRuntime.portable(conf).getConfs();
        Layer[] running = new Layer[confs.size()];
        try {
            for (int i = 0; i < confs.size(); i++) {
                running[i] = confs.get(i).getLayer();
                if (running[i] instanceof FastConvolution2D) {
                    confs.get(i).setLayer(portable.get(i).getLayer());
                }
            }
            ModelSerializer.writeModel(net, file, true);
        } finally {
            for (int i = 0; i < confs.size(); i++) {
                confs.get(i).setLayer(running[i]);
            }
        }
    }

    /**
     * Reads a network with its updater state from {@code file}, its conv layers run as
     * {@code fastConvolution} decides on this backend.
     *
     * @throws IOException when the file cannot be read as a DL4J model
     */
    public static MultiLayerNetwork read(File file, RuntimeConfig.FastConvolution fastConvolution) throws IOException {
        MultiLayerNetwork stored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        return ConvolutionRuntime.withRuntimeLayers(stored, ConvolutionRuntime.useFast(fastConvolution));
    }
}
