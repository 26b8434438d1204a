package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;
import cnnlab.config.RuntimeConfig.Backend;
import cnnlab.config.RuntimeConfig.FastConvolution;

/**
 * Which layer runs a conv layer on which backend, and model files that store DL4J's standard layer
 * whatever ran.
 */
class ConvolutionRuntimeTest {

    @TempDir
    Path dir;

    @Test
    void cudaGetsDl4jsLayerUnlessTheConfigForcesTheFastOne() {
        assertTrue(ConvolutionRuntime.useFast(FastConvolution.AUTO, Backend.CPU));
        assertFalse(ConvolutionRuntime.useFast(FastConvolution.AUTO, Backend.CUDA));
        assertTrue(ConvolutionRuntime.useFast(FastConvolution.TRUE, Backend.CUDA));
        assertTrue(ConvolutionRuntime.useFast(FastConvolution.TRUE, Backend.CPU));
        assertFalse(ConvolutionRuntime.useFast(FastConvolution.FALSE, Backend.CPU));
        assertFalse(ConvolutionRuntime.useFast(FastConvolution.FALSE, Backend.CUDA));
    }

    @Test
    void backendsAreKnownByNd4jsBackendClass() {
        assertEquals(Backend.CUDA, ConvolutionRuntime.backendOf("org.nd4j.linalg.jcublas.JCublasBackend"));
        assertEquals(Backend.CPU, ConvolutionRuntime.backendOf("org.nd4j.linalg.cpu.nativecpu.CpuBackend"));
        assertEquals(Backend.CPU, ConvolutionRuntime.runningBackend(), "these tests run on nd4j-native");
    }

    @Test
    void eachSettingGetsItsLayerOnThisBackend() {
        assertEquals(FastConvolution2DLayer.class, network(FastConvolution.AUTO).getLayer(0).getClass());
        assertEquals(FastConvolution2DLayer.class, network(FastConvolution.TRUE).getLayer(2).getClass());
        assertEquals(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class, network(FastConvolution.FALSE).getLayer(0).getClass());
        // what a config builds, before it runs, is DL4J's standard configuration
        MultiLayerConfiguration conf = NetworkFactory.configuration(config(FastConvolution.AUTO));
        assertEquals(org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class, conf.getConf(0).getLayer().getClass());
    }

    @Test
    void theRuntimeSwapChangesOnlyTheConvolutionClass() {
        MultiLayerConfiguration standard = NetworkFactory.configuration(config(FastConvolution.AUTO));
        MultiLayerConfiguration fast = ConvolutionRuntime.runtime(standard, true);
        assertEquals(FastConvolution2D.class, fast.getConf(0).getLayer().getClass());
        assertEquals(standard.toJson(), ConvolutionRuntime.portable(fast).toJson());
        assertEquals(standard.toJson().replace("org.deeplearning4j.nn.conf.layers.ConvolutionLayer", FastConvolution2D.class.getName()),
                fast.toJson());
    }

    @Test
    void modelFilesStoreTheStandardLayerAndReadBackWithTheRuntimeOne() throws Exception {
        MultiLayerNetwork net = network(FastConvolution.AUTO);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        net.fit(new DataSet(x, y));   // an updater with state
        File file = dir.resolve("m.zip").toFile();
        ModelFiles.write(net, file);
        assertEquals(FastConvolution2D.class, net.getLayerWiseConfigurations().getConf(0).getLayer().getClass(),
                "the running network keeps its configuration");

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(org.deeplearning4j.nn.conf.layers.ConvolutionLayer.class, plain.getLayerWiseConfigurations().getConf(0).getLayer().getClass());
        MultiLayerNetwork back = ModelFiles.read(file, FastConvolution.AUTO);
        assertEquals(FastConvolution2DLayer.class, back.getLayer(0).getClass());
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
        assertEquals(net.getIterationCount(), back.getIterationCount());
        assertArrayEquals(net.output(x).data().asFloat(), back.output(x).data().asFloat(), 0f, "the same layer: the same outputs");
        assertArrayEquals(net.output(x).data().asFloat(), plain.output(x).data().asFloat(), 1e-5f, "DL4J's layer: to rounding");

        MultiLayerNetwork stock = ModelFiles.read(file, FastConvolution.FALSE);
        assertEquals(org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class, stock.getLayer(0).getClass());
        assertSame(stock, ConvolutionRuntime.withRuntimeLayers(stock, false), "nothing to swap: the same network");
        assertNotSame(stock, ConvolutionRuntime.withRuntimeLayers(stock, true));
    }

    private static ExperimentConfig config(FastConvolution f) {
        ExperimentConfig c = ConfigLoader.load(Path.of("configs/default.yaml"));
        c.runtime.fastConvolution = f;
        return c;
    }

    private static MultiLayerNetwork network(RuntimeConfig.FastConvolution f) {
        return NetworkFactory.create(config(f));
    }
}
