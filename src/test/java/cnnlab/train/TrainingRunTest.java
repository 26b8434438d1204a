package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;

/**
 * Real training runs on the bundled sample: the run directory, reproducibility, exact resume after a
 * stop in the middle of an epoch, and refusing a checkpoint of another model.
 */
class TrainingRunTest {

    @TempDir
    Path runs;

    @AfterEach
    void clearStop() {
        StopSignal.clear();
    }

    @Test
    void leavesACompleteRunDirectory() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 2), Path.of("configs/default.yaml"));
        RunDirectory d = o.dir();
        assertTrue(o.finished());
        assertTrue(d.name().startsWith("tiny-"), d.name());
        for (Path p : List.of(d.config(), d.runInfo(), d.environment(), d.metricsCsv(), d.metricsJson(), d.model(), d.log())) {
            assertTrue(Files.isRegularFile(p), "missing " + p);
        }
        assertEquals(3, Files.readAllLines(d.metricsCsv()).size(), "header + 2 epochs");
        JsonNode metrics = new ObjectMapper().readTree(d.metricsJson().toFile());
        assertEquals(200, metrics.get("testImages").asInt());
        assertEquals(10, metrics.get("confusionMatrix").size());
        assertEquals(10, metrics.get("perClass").size());
        assertTrue(metrics.get("testAccuracy").asDouble() > 0.2, "better than chance (0.1): " + metrics.get("testAccuracy"));
        JsonNode env = new ObjectMapper().readTree(d.environment().toFile());
        assertEquals("cpu", env.get("backend").asText());
        assertEquals("CpuBackend", env.get("nd4jBackend").asText());
        assertEquals("finished", new ObjectMapper().readTree(d.runInfo().toFile()).get("status").asText());
        assertEquals(2, ConfigLoader.load(d.config()).training.epochs, "the resolved config is readable as a config");
        assertTrue(Files.exists(d.checkpoints().resolve("best.zip")));
        assertEquals(1, checkpointsNamed(d, "epoch-"), "keepCheckpoints=1 keeps the last one only");
        assertTrue(Files.readString(d.log()).contains("epoch 2/2"));
        assertNoPartialFiles(d.root());
    }

    @Test
    void theSameConfigGivesTheSameMetricsTwice() throws IOException {
        ExperimentConfig c = TinyRuns.config(runs, 2, "model.layers[4].dropout=0.3");
        TrainingRun.Outcome a = TrainingRun.start(c, null);
        TrainingRun.Outcome b = TrainingRun.start(c, null);
        assertNotEquals(a.dir(), b.dir());
        assertEquals(lossesAndAccuracies(a), lossesAndAccuracies(b));
        assertEquals(a.testAccuracy(), b.testAccuracy());
    }

    @Test
    void aRunStoppedMidEpochAndResumedEndsExactlyAsAnUninterruptedOne() throws IOException {
        ExperimentConfig c = TinyRuns.config(runs, 3, "model.layers[4].dropout=0.2");
        TrainingRun.Outcome whole = TrainingRun.start(c, null);

        StopSignal.stopAfter(22);   // 15 minibatches per epoch: stops 7 into epoch 2
        TrainingRun.Outcome stopped = TrainingRun.start(c, null);
        assertFalse(stopped.finished());
        assertEquals(1, stopped.state().completedEpochs);
        assertEquals(7, stopped.state().batchesIntoEpoch);
        assertTrue(Files.exists(stopped.dir().checkpoints().resolve("stop-0001-000007.zip")));
        assertFalse(Files.exists(stopped.dir().model()), "no final model for a stopped run");
        assertEquals("stopped", new ObjectMapper().readTree(stopped.dir().runInfo().toFile()).get("status").asText());

        StopSignal.clear();
        TrainingRun.Outcome resumed = TrainingRun.resume(stopped.dir(), c, null);
        assertTrue(resumed.finished());
        assertEquals(lossesAndAccuracies(whole), lossesAndAccuracies(resumed));
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
        assertEquals(0, checkpointsNamed(resumed.dir(), "stop-"), "the stop checkpoint is superseded");
    }

    @Test
    void aCheckpointOfAnotherModelIsRefused() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 1), null);
        ExperimentConfig other = TinyRuns.config(runs, 2, "model.layers[0].filters=5");
        CheckpointException changed = assertThrows(CheckpointException.class, () -> TrainingRun.resume(o.dir(), other, null));
        assertTrue(changed.getMessage().contains("model.layers[0].filters: the run was started with 4, the config says 5"),
                changed.getMessage());
        // a run directory whose config.yaml was replaced: the checkpoint itself still tells
        cnnlab.io.AtomicFiles.writeString(o.dir().config(), ConfigLoader.toYaml(other));
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingRun.resume(o.dir(), other, null));
        assertTrue(e.getMessage().contains("checkpoint of another model (1x28x28 conv4k5-"), e.getMessage());
        assertTrue(e.getMessage().contains("the config describes 1x28x28 conv5k5-"), e.getMessage());
    }

    @Test
    void aCorruptCheckpointIsRefusedWithItsName() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 1), null);
        Path cp = o.dir().checkpoints().resolve("epoch-0001.zip");
        Files.write(cp, new byte[] {1, 2, 3});
        ExperimentConfig more = TinyRuns.config(runs, 2);
        CheckpointException e = assertThrows(CheckpointException.class, () -> TrainingRun.resume(o.dir(), more, null));
        assertTrue(e.getMessage().startsWith(cp + ": cannot be read as a DL4J model file"), e.getMessage());
    }

    @Test
    void resumingAFinishedRunWithMoreEpochsContinues() throws IOException {
        TrainingRun.Outcome one = TrainingRun.start(TinyRuns.config(runs, 1), null);
        TrainingRun.Outcome two = TrainingRun.resume(one.dir(), TinyRuns.config(runs, 2), null);
        assertEquals(2, two.state().history.size());
        TrainingRun.Outcome straight = TrainingRun.start(TinyRuns.config(runs, 2), null);
        assertEquals(lossesAndAccuracies(straight), lossesAndAccuracies(two));
    }

    @Test
    void resumingWithAnotherExperimentIsRefused() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 1), null);
        CheckpointException batch = assertThrows(CheckpointException.class,
                () -> TrainingRun.resume(o.dir(), TinyRuns.config(runs, 2, "training.batchSize=7"), null));
        assertTrue(batch.getMessage().contains("training.batchSize: the run was started with 32, the config says 7"), batch.getMessage());
        CheckpointException lr = assertThrows(CheckpointException.class,
                () -> TrainingRun.resume(o.dir(), TinyRuns.config(runs, 2, "training.optimizer.learningRate=0.5"), null));
        assertTrue(lr.getMessage().contains("training.optimizer.learningRate"), lr.getMessage());
        assertEquals(1, ConfigLoader.load(o.dir().config()).training.epochs, "the run's config.yaml is untouched");
    }

    @Test
    void resumingAFinishedRunChangesNothingAndFewerEpochsAreRefused() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 2), null);
        byte[] model = Files.readAllBytes(o.dir().model());
        TrainingRun.Outcome again = TrainingRun.resume(o.dir(), TinyRuns.config(runs, 2), null);
        assertTrue(again.finished());
        assertEquals(o.testAccuracy(), again.testAccuracy());
        assertTrue(java.util.Arrays.equals(model, Files.readAllBytes(o.dir().model())), "model.zip not rewritten");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> TrainingRun.resume(o.dir(), TinyRuns.config(runs, 1), null));
        assertTrue(e.getMessage().contains("the run has done 2 epochs; training.epochs must be at least that, got 1"), e.getMessage());
    }

    @Test
    void bestIsTheCheckpointOfTheBestValidationEpoch() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 3, "output.keepCheckpoints=3"), null);
        TrainingState s = o.state();
        double best = s.history.stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow();
        assertEquals(best, s.bestValidationAccuracy);
        assertEquals(best, s.history.get(s.bestEpoch - 1).validationAccuracy());
        Path epoch = o.dir().checkpoints().resolve(String.format("epoch-%04d.zip", s.bestEpoch));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(epoch), Files.readAllBytes(o.dir().checkpoints().resolve("best.zip"))));
        assertEquals(s.bestEpoch, Checkpoints.readState(o.dir().checkpoints().resolve("best.json")).completedEpochs);
    }

    /**
     * A run stopped by the code of before portable model files (its checkpoint names
     * {@code cnnlab.model.FastConvolution2D}; a fixture) resumes, ends as a run started today (to the
     * last float bits of the losses, which the code of before computed slightly differently),
     * and what it writes from then on names DL4J's standard convolution layer.
     */
    @Test
    void aCheckpointNamingFastConvolution2DResumesExactly() throws IOException {
        Path fixture = Path.of("src/test/resources/fixtures/run-with-fastconvolution2d-checkpoint");
        Path copy = runs.resolve("old-run");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(fixture.relativize(f).toString()));
            }
        }
        assertTrue(PortableModels.configurationJson(copy.resolve("checkpoints/stop-0001-000007.zip")).contains("cnnlab.model.FastConvolution2D"),
                "the fixture is a checkpoint of the old kind");
        ExperimentConfig c = TinyRuns.config(runs, 2);
        ExperimentConfig asStarted = ConfigLoader.load(copy.resolve("config.yaml"));
        assertEquals(ConfigLoader.toYaml(c).replace(runs.toString(), "target/fixture-runs"), ConfigLoader.toYaml(asStarted)
                .replace("fastConvolution: true", "fastConvolution: auto"), "the fixture's config is TinyRuns' (up to runsDir)");

        TrainingRun.Outcome resumed = TrainingRun.resume(new RunDirectory(copy), asStarted, null);
        TrainingRun.Outcome whole = TrainingRun.start(c, null);
        assertTrue(resumed.finished());
        // its first 7 minibatches ran on the code of before bench/NOTES.md section 9 (Adam's update and the
        // conv bias now round the last float bits differently): losses agree to 1e-6, the rest exactly
        List<EpochMetrics> a = whole.state().history;
        List<EpochMetrics> b = resumed.state().history;
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).epoch(), b.get(i).epoch());
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 1e-6, "train loss, epoch " + (i + 1));
            assertEquals(a.get(i).validationLoss(), b.get(i).validationLoss(), 1e-6, "validation loss, epoch " + (i + 1));
            assertEquals(a.get(i).validationAccuracy(), b.get(i).validationAccuracy(), "validation accuracy, epoch " + (i + 1));
            assertEquals(a.get(i).learningRate(), b.get(i).learningRate(), "learning rate, epoch " + (i + 1));
        }
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
        assertFalse(PortableModels.configurationJson(resumed.dir().model()).contains("cnnlab."), "model.zip names no cnnlab class");
    }

    private static List<String> lossesAndAccuracies(TrainingRun.Outcome o) {
        return o.state().history.stream().map(m -> m.epoch() + " " + m.trainLoss() + " " + m.validationLoss() + " "
                + m.validationAccuracy() + " " + m.learningRate()).toList();
    }

    private static long checkpointsNamed(RunDirectory d, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(d.checkpoints())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".zip")).count();
        }
    }

    private static void assertNoPartialFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".partial")).toList());
        }
    }
}
