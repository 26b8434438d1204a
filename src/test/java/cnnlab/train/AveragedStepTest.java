package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The averaging step's parts shared by runtime.workers and --spark: minibatch pieces and the learning-rate scale. */
class AveragedStepTest {

    @Test
    void aMinibatchIsCutIntoConsecutivePiecesOfNearlyEqualSize() {
        INDArray features = Nd4j.arange(0, 9).reshape(9, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        DataSet ds = new DataSet(features, features.dup());
        List<DataSet> pieces = MinibatchPieces.cut(ds, 2);
        assertEquals(2, pieces.size());
        assertEquals(4, pieces.get(0).numExamples());
        assertEquals(5, pieces.get(1).numExamples());
        assertEquals(0f, pieces.get(0).getFeatures().getFloat(0), 0);
        assertEquals(4f, pieces.get(1).getFeatures().getFloat(0), 0);
        assertEquals(8f, pieces.get(1).getFeatures().getFloat(4), 0);
        assertEquals(2, MinibatchPieces.cut(new DataSet(features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                features.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2))), 8).size(), "no empty pieces");
    }

    private static MultiLayerNetwork net(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void adamsRateAndScheduleAreScaledBySqrtOfThePiecesWhileTrainingAndPutBack() {
        MultiLayerNetwork net = net(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.003, 0.7)));
        double before = net.getLearningRate(0);
        try (AveragedStepScale scale = AveragedStepScale.apply(net, 2)) {
            assertEquals(Math.sqrt(2), scale.factor(), 1e-12);
            assertEquals(0.003 * Math.sqrt(2), net.getLearningRate(0), 1e-12);
            net.setEpochCount(1);
            assertEquals(0.003 * 0.7 * Math.sqrt(2), net.getLearningRate(1), 1e-12, "the schedule scaled too");
            net.setEpochCount(0);
        }
        assertEquals(before, net.getLearningRate(0), 0);
        assertEquals(0.003, net.getLearningRate(1), 1e-12);
    }

    @Test
    void sgdAveragesExactlyAndIsNotScaled() {
        MultiLayerNetwork net = net(new Sgd(0.1));
        try (AveragedStepScale scale = AveragedStepScale.apply(net, 4)) {
            assertEquals(1, scale.factor(), 0);
            assertEquals(0.1, net.getLearningRate(0), 1e-12);
        }
    }
}
