package cnnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import cnnlab.train.ImageBatches;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J itself drives the iterator as documented: each {@code fit(iterator)} runs one whole epoch
 * through its own prefetching wrapper, and the next call starts the next epoch.
 */
class ImageBatchesDl4jTest {

    @Test
    void fitRunsEpochZeroThenOne() {
        ImageSet set = Idx.indexed(10, 3);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(2, 2, 1)).build());
        net.init();
        ImageBatches train = ImageBatches.shuffled(set, 4, Normaliser.scale(), 1);
        net.fit(train);
        assertEquals(0, train.epoch());
        assertFalse(train.hasNext(), "the whole epoch was consumed");
        net.fit(train);
        assertEquals(1, train.epoch());
        assertEquals(6, net.getIterationCount(), "3 batches per epoch, the last partial");

        Evaluation eval = net.evaluate(ImageBatches.inOrder(set, 4, Normaliser.scale()));
        assertEquals(10, eval.getNumRowCounter(), 0.0);
    }
}
