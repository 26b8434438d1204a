package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@link FitScope}: fitting inside it changes nothing but the work; outside it the input gradient and DL4J's Adam are back. */
class FitScopeTest {

    private static MultiLayerNetwork net(boolean bias) {
        MultiLayerConfiguration conf = ConvolutionRuntime.runtime(new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.FLOAT).updater(new Adam(1e-2))
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(bias).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(5).hasBias(bias).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 2))
                .build(), true);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();   // what fit does first; a lone backpropGradient needs it
        return net;
    }

    @Test
    void fittingInsideTheScopeEndsAtTheSameParameters() {
        for (boolean bias : new boolean[] {true, false}) {
            MultiLayerNetwork plain = net(bias);
            MultiLayerNetwork scoped = net(bias);
            Nd4j.getRandom().setSeed(4);
            try (FitScope ignored = FitScope.open(scoped)) {
                for (int step = 0; step < 6; step++) {
                    INDArray x = Nd4j.rand(DataType.FLOAT, 7, 2, 12, 12);
                    INDArray y = Nd4j.zeros(DataType.FLOAT, 7, 3);
                    for (int i = 0; i < 7; i++) {
                        y.putScalar(i, (i + step) % 3, 1f);
                    }
                    plain.fit(x, y);
                    scoped.fit(x, y);
                }
            }
            // the same steps; Adam's update in Java rounds like libnd4j's but for the last bit of a float
            assertArrayEquals(plain.params().toFloatVector(), scoped.params().toFloatVector(), 1e-5f, "bias " + bias);
        }
    }

    @Test
    void theInputGradientIsSkippedOnlyWhileTheScopeIsOpen() {
        MultiLayerNetwork net = net(true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 2, 12, 12);
        INDArray eps = Nd4j.rand(DataType.FLOAT, 3, 4, 10, 10);
        FastConvolution2DLayer first = (FastConvolution2DLayer) net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        try (FitScope ignored = FitScope.open(net)) {
            first.setInput(x, mgr);
            first.activate(true, mgr);
            assertNull(first.backpropGradient(eps, mgr).getSecond());
        }
        first.setInput(x, mgr);
        first.activate(true, mgr);
        INDArray back = first.backpropGradient(eps, mgr).getSecond();
        assertNotNull(back);
        assertEquals(3, back.size(0));
    }

    @Test
    void adamIsReplacedOnlyWhileTheScopeIsOpen() {
        MultiLayerNetwork net = net(true);
        BaseMultiLayerUpdater<?> updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
        try (FitScope ignored = FitScope.open(net)) {
            for (UpdaterBlock block : updater.getUpdaterBlocks()) {
                assertEquals(FastAdamUpdater.class, block.getGradientUpdater().getClass());
            }
        }
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            assertEquals(AdamUpdater.class, block.getGradientUpdater().getClass());
        }
    }
}
