package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * cnnlab's sum-pooling layer inside real DL4J networks: the gap it fills, its gradients, and that
 * it survives JSON and model files. Its forward values are checked against the reference by the
 * verification tests and properties.
 */
class SumPooling2DTest {

    @Test
    void dl4jsOwnSubsamplingLayerRefusesSum() {
        MultiLayerNetwork net = net(new SubsamplingLayer.Builder(PoolingType.SUM).kernelSize(2, 2).stride(1, 1).build());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> net.output(Nd4j.rand(DataType.DOUBLE, 1, 1, 4, 4)));
        assertEquals("Not supported: SUM", e.getMessage());
    }

    @Test
    void sumsWindowsWithNegativeValuesAndPadding() {
        MultiLayerNetwork net = net(new SumPooling2D.Builder().kernelSize(2, 2).stride(1, 1).padding(1, 1).build());
        INDArray x = Nd4j.create(new double[] {-1, -2, -3, -4}, new long[] {1, 1, 2, 2});
        INDArray y = net.output(x);
        assertEquals(-1, y.getDouble(0, 0, 0, 0), 1e-12);
        assertEquals(-10, y.getDouble(0, 0, 1, 1), 1e-12);
        assertEquals(-6, y.getDouble(0, 0, 1, 2), 1e-12);
    }

    @Test
    void gradientsPassDl4jsGradientCheck() {
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            gradientCheck();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private static void gradientCheck() {
        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Truncate, ConvolutionMode.Same}) {
            Nd4j.getRandom().setSeed(7);
            MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                    .seed(7).dataType(DataType.DOUBLE).updater(new Sgd(1.0))
                    .list()
                    .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build())
                    .layer(new SumPooling2D.Builder().kernelSize(2, 2).stride(2, 2).convolutionMode(mode).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                    .setInputType(InputType.convolutional(6, 5, 1))
                    .build();
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 1, 6, 5).subi(0.5);
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 2, 3);
            labels.putScalar(0, 1, 1.0);
            labels.putScalar(1, 2, 1.0);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
            assertTrue(ok, "gradient check in mode " + mode);
        }
    }

    @Test
    void configurationSurvivesJson() {
        MultiLayerNetwork net = net(new SumPooling2D.Builder().kernelSize(3, 2).stride(2, 1).padding(1, 0).build());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        SumPooling2D layer = assertInstanceOf(SumPooling2D.class, back.getConf(0).getLayer());
        assertEquals(org.deeplearning4j.nn.conf.layers.PoolingType.SUM, layer.getPoolingType());
        assertEquals(3, layer.getKernelSize()[0]);
        assertEquals(1, layer.getStride()[1]);
        assertEquals(1, layer.getPadding()[0]);
    }

    @Test
    void modelFileRoundTripGivesTheSameOutputs(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = net(new SumPooling2D.Builder().kernelSize(2, 2).stride(2, 2).build(), DataType.FLOAT);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 1, 4, 4);
        assertArrayEquals(net.output(x).ravel().toDoubleVector(), back.output(x).ravel().toDoubleVector(), 0.0);
        assertInstanceOf(SumPooling2DLayer.class, back.getLayer(0));
    }

    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer layer) {
        return net(layer, DataType.DOUBLE);
    }

    /** A one-layer network; model files are tested in FLOAT, the type training uses (a DOUBLE net comes back FLOAT). */
    private static MultiLayerNetwork net(org.deeplearning4j.nn.conf.layers.Layer layer, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).list()
                .layer(layer).setInputType(InputType.convolutional(4, 4, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
