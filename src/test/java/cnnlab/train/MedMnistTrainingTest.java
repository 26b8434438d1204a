package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.DataFileException;
import cnnlab.data.Npz;
import cnnlab.model.NetworkFactory;

/**
 * The lab's LeNet config (configs/default.yaml, shrunk) trained for a few batches on small archives in
 * MedMNIST's layout: grey binary with balanced class weights, colour multi-class, multi-label; the
 * network's input and output come from the data, and every run reports ACC and AUC (binary: also
 * sensitivity, specificity and the ROC curve) in metrics.json, dataset.json and the run table.
 */
class MedMnistTrainingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void clearStop() {
        StopSignal.clear();
    }

    /** default.yaml shrunk (TinyRuns) on {@code npz}: 96 training images of 28x28 in 3 batches of 32. */
    private ExperimentConfig tiny(Path npz, int epochs, String... more) {
        String[] settings = new String[more.length + 1];
        settings[0] = "data.dataset=" + npz;
        System.arraycopy(more, 0, settings, 1, more.length);
        return TinyRuns.config(dir.resolve("runs"), epochs, settings);
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void greyBinaryWithBalancedClassWeights() throws IOException {
        Path npz = Npz.write(dir.resolve("pneumonia-like.npz"), 1, 28, 28, 2, false, new int[] {96, 32, 48}, 11);
        ExperimentConfig c = tiny(npz, 1, "training.classWeights=balanced");
        assertEquals(10, c.model.classes, "the config says 10 classes");
        TrainingRun.Outcome o = TrainingRun.start(c, null);
        assertTrue(o.finished());
        RunDirectory d = o.dir();

        ExperimentConfig used = ConfigLoader.load(d.config());
        assertEquals(2, used.model.classes, "config.yaml records the classes the data has");
        assertEquals(1, used.model.input.channels);
        String log = Files.readString(d.log());
        assertTrue(log.contains(npz + ": binary-class, 28x28 images, 2 classes (model.input.channels and model.classes from "
                + "the data); validation: the dataset's own split; output: softmax, cross-entropy, class weights ["), log);
        assertTrue(log.contains("96 training, 32 validation, 48 test images from " + npz), log);

        JsonNode ds = json(d.dataset());
        int[] counts = JSON.convertValue(ds.get("trainClassCounts"), int[].class);
        assertEquals(96, counts[0] + counts[1]);
        assertTrue(counts[1] > counts[0], "class 1 is the common one, as pneumonia in PneumoniaMNIST: " + counts[0] + ":" + counts[1]);
        double[] expected = {96.0 / (2 * counts[0]), 96.0 / (2 * counts[1])};
        assertArrayEquals(expected, JSON.convertValue(ds.get("classWeights"), double[].class), 1e-12, "n / (K n_c)");
        assertEquals("binary-class", ds.get("task").asText());
        MultiLayerNetwork net = cnnlab.train.Checkpoints.restore(d.model(), cnnlab.config.RuntimeConfig.FastConvolution.AUTO);
        LossMCXENT loss = (LossMCXENT) ((OutputLayer) net.getLayerWiseConfigurations().getConf(net.getnLayers() - 1).getLayer())
                .getLossFn();
        assertArrayEquals(new float[] {(float) expected[0], (float) expected[1]}, loss.getWeights().toFloatVector(), 1e-6f,
                "the weights are in the saved network's loss");

        JsonNode m = json(d.metricsJson());
        assertEquals("binary-class", m.get("task").asText());
        for (String k : List.of("acc", "auc", "sensitivity", "specificity")) {
            double v = m.get(k).asDouble(-1);
            assertTrue(v >= 0 && v <= 1, k + " = " + m.get(k));
        }
        assertEquals(m.get("testAccuracy").asDouble(), m.get("acc").asDouble(), 1e-12, "ACC at 0.5 is the softmax argmax");
        assertEquals(0.5, m.get("threshold").asDouble());
        assertEquals(48, m.get("counts").get("truePositives").asInt() + m.get("counts").get("falseNegatives").asInt()
                + m.get("counts").get("trueNegatives").asInt() + m.get("counts").get("falsePositives").asInt());
        assertEquals("roc-curve.png", m.get("rocCurve").get("picture").asText());
        assertTrue(Files.isRegularFile(d.rocCurve()));
        assertNotNull(m.get("perClass").get(1).get("auc"));
        assertTrue(Files.readAllLines(d.metricsCsv()).get(0).endsWith(",val_auc"));
        assertEquals(m.get("auc").asDouble(), o.medical().auc(), 1e-12);

        RunTable.Row row = RunTable.read(dir.resolve("runs")).get(0);
        assertEquals(m.get("auc").asDouble(), row.testAuc(), 1e-12);
        assertEquals(m.get("sensitivity").asDouble(), row.sensitivity(), 1e-12);
        String table = RunTable.table(List.of(row));
        assertTrue(table.lines().findFirst().orElseThrow().matches(".*test \\[95% interval\\]\\s+auc \\[95% interval\\]\\s+sens\\s+spec\\s+time.*"),
                table);
        assertEquals(m.at("/analysis/intervals/acc/low").asDouble(), row.accInterval().low(), 1e-12, "the table's interval is metrics.json's");
        assertEquals(m.at("/analysis/intervals/auc/high").asDouble(), row.aucInterval().high(), 1e-12);
    }

    @Test
    void colourMultiClassWithTheSameConfig() throws IOException {
        Path npz = Npz.write(dir.resolve("blood-like.npz"), 3, 28, 28, 4, false, new int[] {96, 32, 48}, 12);
        TrainingRun.Outcome o = TrainingRun.start(tiny(npz, 1), null);
        assertTrue(o.finished());
        ExperimentConfig used = ConfigLoader.load(o.dir().config());
        assertEquals(3, used.model.input.channels, "channels from the data");
        assertEquals(4, used.model.classes);
        MultiLayerNetwork net = Checkpoints.restore(o.dir().model(), cnnlab.config.RuntimeConfig.FastConvolution.AUTO);
        assertEquals(3, ((ConvolutionLayer) net.getLayerWiseConfigurations().getConf(0).getLayer()).getNIn());
        JsonNode m = json(o.dir().metricsJson());
        assertEquals("multi-class", m.get("task").asText());
        assertTrue(m.get("auc").asDouble() > 0.5, "the bands are learnable: " + m.get("auc"));
        assertNull(m.get("sensitivity"), "binary tasks only");
        assertEquals(4, m.get("confusionMatrix").size());
        assertFalse(Files.exists(o.dir().rocCurve()));
        assertTrue(Files.isRegularFile(o.dir().confusionMatrix()));
        assertTrue(Files.isRegularFile(o.dir().featureMaps(1)));
        assertTrue(RunTable.table(RunTable.read(dir.resolve("runs"))).lines().findFirst().orElseThrow().contains(" auc "));
    }

    @Test
    void multiLabelUsesSigmoidsAndBinaryCrossEntropy() throws IOException {
        Path npz = Npz.write(dir.resolve("chest-like.npz"), 1, 28, 28, 5, true, new int[] {96, 32, 48}, 13);
        TrainingRun.Outcome o = TrainingRun.start(tiny(npz, 1), null);
        assertTrue(o.finished());
        MultiLayerNetwork net = Checkpoints.restore(o.dir().model(), cnnlab.config.RuntimeConfig.FastConvolution.AUTO);
        assertTrue(NetworkFactory.isMultiLabel(net));
        assertEquals(5, ConfigLoader.load(o.dir().config()).model.classes);
        JsonNode m = json(o.dir().metricsJson());
        assertEquals("multi-label, binary-class", m.get("task").asText());
        assertEquals(m.get("acc").asDouble(), m.get("testAccuracy").asDouble(), 1e-12, "MedMNIST's ACC: mean per-label accuracy");
        assertNull(m.get("confusionMatrix"));
        assertEquals(5, m.get("perClass").size());
        assertTrue(m.get("perClass").get(0).has("positives"));
        assertTrue(Double.isFinite(m.get("testLoss").asDouble()));
        assertFalse(Files.exists(o.dir().confusionMatrix()), "no confusion matrix for multi-label data");
        assertTrue(Files.isRegularFile(o.dir().featureMaps(1)));

        DataFileException e = assertThrows(DataFileException.class,
                () -> TrainingRun.start(tiny(npz, 1, "training.classWeights=balanced"), null));
        assertEquals(npz + ": multi-label (5 labels per image): training.classWeights: balanced is for single-label datasets; use none",
                e.getMessage());
    }

    @Test
    void aMedicalRunStoppedMidEpochResumesExactly() throws IOException {
        Path npz = Npz.write(dir.resolve("pneumonia-like.npz"), 1, 28, 28, 2, false, new int[] {64, 16, 32}, 14);
        ExperimentConfig c = tiny(npz, 2, "training.classWeights=balanced", "model.layers[4].dropout=0.2", "output.plots=false");
        TrainingRun.Outcome whole = TrainingRun.start(c, null);
        StopSignal.stopAfter(3);   // 2 minibatches per epoch: stops 1 into epoch 2
        TrainingRun.Outcome stopped = TrainingRun.start(c, null);
        assertFalse(stopped.finished());
        StopSignal.clear();
        TrainingRun.Outcome resumed = TrainingRun.resume(stopped.dir(), c, null);
        assertTrue(resumed.finished());
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
        assertEquals(whole.medical().auc(), resumed.medical().auc());
        assertEquals(whole.state().history.get(1).validationAuc(), resumed.state().history.get(1).validationAuc());

        ExperimentConfig unweighted = tiny(npz, 3, "model.layers[4].dropout=0.2", "output.plots=false");
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingRun.resume(resumed.dir(), unweighted, null));
        assertTrue(e.getMessage().contains("training.classWeights: the run was started with \"balanced\", the config says \"none\""),
                e.getMessage());
    }
}
