package cnnlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link MinibatchSplit}: a step with the minibatch cut into shares is DL4J's one-thread step (in double
 * precision to 1e-10), with dropout too; its output is the network's own; what cannot be split goes to DL4J.
 */
class MinibatchSplitTest {

    @AfterEach
    void oneThreadAgain() {
        LayerThreads.set(1);
    }

    /** A small LeNet in the shape cnnlab builds: conv, max-pool, conv, dense (with L2 and optional dropout), softmax. */
    private static MultiLayerNetwork net(DataType type, double keep, boolean batchNorm) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(type).updater(new Adam(1e-2)).l2(1e-3)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
        if (batchNorm) {
            list.layer(new BatchNormalization.Builder().build());
        }
        list.layer(new ConvolutionLayer.Builder(3, 3).nOut(5).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.RELU).dropOut(keep).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(12, 12, 2));
        MultiLayerConfiguration conf = ConvolutionRuntime.runtime(list.build(), true);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet batch(DataType type, int examples, int step) {
        Nd4j.getRandom().setSeed(100 + step);
        INDArray x = Nd4j.rand(type, examples, 2, 12, 12);
        INDArray y = Nd4j.zeros(type, examples, 3);
        for (int i = 0; i < examples; i++) {
            y.putScalar(i, (i * 7 + step) % 3, 1.0);
        }
        return new DataSet(x, y);
    }

    @Test
    void aSplitStepIsTheOneThreadStep() {
        for (int threads : new int[] {2, 3}) {
            for (int examples : new int[] {7, 2}) {
                MultiLayerNetwork plain = net(DataType.DOUBLE, 1.0, false);
                MultiLayerNetwork split = net(DataType.DOUBLE, 1.0, false);
                MinibatchSplit shares = null;
                for (int step = 0; step < 6; step++) {
                    DataSet ds = batch(DataType.DOUBLE, examples, step);
                    LayerThreads.set(1);
                    plain.fit(ds);
                    LayerThreads.set(threads);
                    shares = shares != null ? shares : MinibatchSplit.of(split);
                    shares.fit(ds, 5);
                    String at = threads + " threads, " + examples + " examples, step " + step;
                    assertEquals(plain.score(), split.score(), 1e-12, at);
                    assertEquals(plain.getIterationCount(), split.getIterationCount(), at);
                    assertArrayEquals(plain.params().toDoubleVector(), split.params().toDoubleVector(), 1e-10, at);
                }
                // the updater state (Adam's moments) moved with the parameters
                assertArrayEquals(plain.getUpdater().getStateViewArray().toDoubleVector(),
                        split.getUpdater().getStateViewArray().toDoubleVector(), 1e-10);
            }
        }
    }

    @Test
    void insideTheFitScopeTheFloatStepMatchesToo() {
        MultiLayerNetwork plain = net(DataType.FLOAT, 1.0, false);
        MultiLayerNetwork split = net(DataType.FLOAT, 1.0, false);
        try (FitScope a = FitScope.open(plain); FitScope b = FitScope.open(split)) {
            MinibatchSplit shares = null;
            for (int step = 0; step < 6; step++) {
                DataSet ds = batch(DataType.FLOAT, 9, step);
                LayerThreads.set(1);
                plain.fit(ds);
                LayerThreads.set(2);
                shares = shares != null ? shares : MinibatchSplit.of(split);
                shares.fit(ds, 5);
            }
        }
        assertArrayEquals(plain.params().toFloatVector(), split.params().toFloatVector(), 1e-5f);
    }

    @Test
    void theOutputIsTheNetworksOwn() {
        MultiLayerNetwork net = net(DataType.FLOAT, 1.0, false);
        INDArray x = batch(DataType.FLOAT, 11, 0).getFeatures();
        LayerThreads.set(1);
        INDArray own = net.output(x, false);
        LayerThreads.set(3);
        INDArray split = MinibatchSplit.of(net).output(x);
        assertArrayEquals(own.shape(), split.shape());
        assertArrayEquals(own.ravel().toFloatVector(), split.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void withDropoutTheStepsAreTheOneThreadSteps() {
        for (int threads : new int[] {2, 3}) {
            MultiLayerNetwork plain = net(DataType.DOUBLE, 0.5, false);
            MultiLayerNetwork split = net(DataType.DOUBLE, 0.5, false);
            MultiLayerNetwork noDropout = net(DataType.DOUBLE, 1.0, false);
            LayerThreads.set(threads);
            MinibatchSplit shares = MinibatchSplit.of(split);
            for (int step = 0; step < 4; step++) {
                DataSet ds = batch(DataType.DOUBLE, 8, step);
                LayerThreads.set(1);
                Nd4j.getRandom().setSeed(77 + step);
                plain.fit(ds);
                noDropout.fit(ds);
                LayerThreads.set(threads);
                shares.fit(ds, 77 + step);
                assertEquals(plain.score(), split.score(), 1e-12, threads + " threads, step " + step);
            }
            assertArrayEquals(plain.params().toDoubleVector(), split.params().toDoubleVector(), 1e-10, threads + " threads");
            assertNotEquals(plain.params(), noDropout.params(), "the dropout masks were drawn");
            assertEquals(Dropout.class, split.getLayerWiseConfigurations().getConf(3).getLayer().getIDropout().getClass(),
                    "the network's own dropout is back after the step");
        }
    }

    @Test
    void whatCannotBeSplitTakesDl4jsFit() {
        assertFalse(MinibatchSplit.splittable(net(DataType.DOUBLE, 1.0, true)), "batch normalisation's statistics are not sums");
        MultiLayerNetwork convDropout = net(DataType.DOUBLE, 1.0, false);
        convDropout.getLayerWiseConfigurations().getConf(0).getLayer().setIDropout(new Dropout(0.5));
        assertFalse(MinibatchSplit.splittable(convDropout), "a 4-d input's mask is not drawn here");
        assertTrue(MinibatchSplit.splittable(net(DataType.DOUBLE, 1.0, false)));
        for (boolean batchNorm : new boolean[] {true, false}) {
            MultiLayerNetwork plain = net(DataType.DOUBLE, 1.0, batchNorm);
            MultiLayerNetwork split = net(DataType.DOUBLE, 1.0, batchNorm);
            LayerThreads.set(2);
            MinibatchSplit shares = MinibatchSplit.of(split);
            for (int step = 0; step < 3; step++) {
                DataSet ds = batch(DataType.DOUBLE, batchNorm ? 6 : 1, step);   // one example: nothing to split
                plain.fit(ds);
                shares.fit(ds, 5);
            }
            assertArrayEquals(plain.params().toDoubleVector(), split.params().toDoubleVector(), 1e-12, "batch norm " + batchNorm);
        }
    }

    @Test
    void sharesDifferInSizeByAtMostOne() {
        assertArrayEquals(new int[] {0, 2, 4, 7}, MinibatchSplit.bounds(7, 3));
        assertArrayEquals(new int[] {0, 32, 64}, MinibatchSplit.bounds(64, 2));
        assertArrayEquals(new int[] {0, 1}, MinibatchSplit.bounds(1, 1));
    }
}
