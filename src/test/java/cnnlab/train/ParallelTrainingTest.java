package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.config.ConfigException;
import cnnlab.config.ExperimentConfig;
import cnnlab.config.RuntimeConfig;

/**
 * {@code runtime.workers}: training with DL4J's ParallelWrapper on the bundled sample, two CPU
 * workers, both training modes; what stays exact across a stop and resume (the minibatch position
 * always; the metrics for parameter averaging without dropout at an epoch boundary), averaging's
 * accuracy against one worker, and what is only checked to train (a stop in the middle of an epoch)
 * or to run (gradient sharing).
 */
class ParallelTrainingTest {

    @TempDir
    Path runs;

    @AfterEach
    void clearStop() {
        StopSignal.clear();
    }

    @Test
    void twoAveragingWorkersTrainARunDirectoryLikeOne() throws IOException {
        TrainingRun.Outcome two = TrainingRun.start(TinyRuns.config(runs, 2, "runtime.workers=2"), null);
        assertTrue(two.finished());
        for (Path p : List.of(two.dir().config(), two.dir().metricsCsv(), two.dir().metricsJson(), two.dir().model())) {
            assertTrue(Files.isRegularFile(p), "missing " + p);
        }
        assertEquals(30, two.state().iteration, "2 epochs of 15 minibatches, every one fitted once");
        assertTrue(Files.readString(two.dir().log()).contains("2 data-parallel workers (averaging)"));
        // each minibatch is cut in two, one piece per worker: one worker's steps (accuracy: twoAveragingWorkersTrainWithinOnePointOfOne)
        assertTrue(two.testAccuracy() > 0.2, "above chance (0.1): " + two.testAccuracy());
        assertTrue(Files.readString(two.dir().config()).contains("workers: 2"));
    }

    @Test
    void averagingWithoutDropoutIsReproducibleAndResumesExactlyAtAnEpochBoundary() throws IOException {
        ExperimentConfig c = TinyRuns.config(runs, 2, "runtime.workers=2", "model.layers[4].dropout=0");
        TrainingRun.Outcome whole = TrainingRun.start(c, null);
        TrainingRun.Outcome again = TrainingRun.start(c, null);
        assertEquals(history(whole), history(again));

        StopSignal.stopAfter(15);   // before the first minibatch of epoch 2
        TrainingRun.Outcome stopped = TrainingRun.start(c, null);
        assertFalse(stopped.finished());
        assertEquals(1, stopped.state().completedEpochs);
        assertEquals(0, stopped.state().batchesIntoEpoch);
        StopSignal.clear();
        TrainingRun.Outcome resumed = TrainingRun.resume(stopped.dir(), c, null);
        assertEquals(history(whole), history(resumed));
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
    }

    /**
     * Averaging cuts each minibatch into one piece per worker and scales Adam's rate by sqrt(workers)
     * (AveragedStepScale): two workers train as one does, to within one point of test accuracy (the
     * minibatch and the number of steps are one worker's; measured in docs/parallel.md).
     */
    @Test
    void twoAveragingWorkersTrainWithinOnePointOfOne() throws IOException {
        TrainingRun.Outcome one = TrainingRun.start(TinyRuns.sample2400(runs, "one"), null);
        TrainingRun.Outcome two = TrainingRun.start(TinyRuns.sample2400(runs, "two", "runtime.workers=2"), null);
        assertEquals(one.state().iteration, two.state().iteration, "the same number of steps");
        assertTrue(Files.readString(two.dir().log()).contains("each minibatch cut into 2 pieces"));
        assertTrue(Math.abs(two.testAccuracy() - one.testAccuracy()) <= 0.01,
                "two workers " + two.testAccuracy() + ", one worker " + one.testAccuracy());
    }

    /**
     * A stop in the middle of an epoch resumes at the right minibatch and, without dropout, to exactly
     * the uninterrupted run's metrics. Before, DL4J's trainer threads dropped the network's updater at
     * the end of every epoch's fit (Adam's moments restarted from zero every epoch, and checkpoints held
     * zeros), so a resumed run differed from an uninterrupted one in the middle of an epoch.
     */
    @Test
    void aStopInTheMiddleOfAnEpochResumesExactly() throws IOException {
        ExperimentConfig c = TinyRuns.config(runs, 2, "runtime.workers=2", "model.layers[4].dropout=0");
        TrainingRun.Outcome whole = TrainingRun.start(c, null);
        StopSignal.stopAfter(22);   // 7 minibatches into epoch 2: the wrapper deals no further one
        TrainingRun.Outcome stopped = TrainingRun.start(c, null);
        assertFalse(stopped.finished());
        assertEquals(1, stopped.state().completedEpochs);
        assertEquals(7, stopped.state().batchesIntoEpoch);
        assertEquals(22, stopped.state().iteration);
        StopSignal.clear();
        TrainingRun.Outcome resumed = TrainingRun.resume(stopped.dir(), c, null);
        assertTrue(resumed.finished());
        assertEquals(30, resumed.state().iteration);
        assertEquals(history(whole), history(resumed));
        assertEquals(whole.testAccuracy(), resumed.testAccuracy());
    }

    /** The network keeps its optimizer state across ParallelWrapper's epochs: the saved model's Adam moments are not zero. */
    @Test
    void theUpdaterStateSurvivesEachEpochAndReachesTheCheckpoint() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 2, "runtime.workers=2"), null);
        Checkpoints.Saved last = new Checkpoints(o.dir().checkpoints(), 10).latest().orElseThrow();
        MultiLayerNetwork saved = Checkpoints.restore(last.model(), RuntimeConfig.FastConvolution.AUTO);
        assertTrue(saved.getUpdater().getStateViewArray().norm2Number().doubleValue() > 0, "Adam's moments were saved");
    }

    /**
     * Gradient sharing runs every minibatch through the wrapper and moves the parameters. With DL4J's
     * adaptive threshold it does not train as well as averaging here: chance on this tiny run, 65.8%
     * against 96.8% on the default config (bench/RESULTS.md); a fixed {@code runtime.sharingThreshold}
     * does better (docs/parallel.md) but is asynchronous, so only that it runs, counts and changes the
     * network is asserted.
     */
    @Test
    void gradientSharingRunsEveryMinibatch() throws IOException {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 2, "runtime.workers=2", "runtime.parallelMode=sharing"), null);
        assertTrue(o.finished());
        assertEquals(30, o.state().iteration);
        assertTrue(Files.readString(o.dir().log()).contains("2 data-parallel workers (sharing)"));
        assertTrue(o.state().history.stream().allMatch(m -> Double.isFinite(m.trainLoss())), "finite losses");
        MultiLayerNetwork untrained = cnnlab.model.NetworkFactory.create(TinyRuns.config(runs, 2), cnnlab.model.OutputHead.softmax());
        MultiLayerNetwork trained = Checkpoints.restore(o.dir().model(), cnnlab.config.RuntimeConfig.FastConvolution.AUTO);
        assertFalse(untrained.params().equalsWithEps(trained.params(), 1e-6), "the parameters moved");
    }

    /**
     * Gradient sharing on the README's run ({@code configs/default.yaml}, plots off; threshold 0.002,
     * about two thirds of Adam's rate) without dropout: each minibatch cut into one piece per worker, two
     * workers within one point of one process. Without dropout the runs spread less: five were 0.20
     * behind to 0.05 ahead (97.11% three times through ./cnnlab against 97.21%; 96.96% and 97.21% in this
     * test against 97.16%: not quite lockstep-reproducible here). With dropout eight runs were 0.10 to
     * 0.80 points behind; with whole minibatches per worker, as before, eight were 0.70 to 1.20 behind
     * (docs/parallel.md, "Sharing cuts each minibatch into pieces").
     */
    @Test
    void twoSharingWorkersTrainTheReadmeRunWithinOnePointOfOne() throws IOException {
        String threshold = "runtime.sharingThreshold=0.002";   // one process ignores it
        String noDropout = "model.layers[4].dropout=0";
        TrainingRun.Outcome one = TrainingRun.start(TinyRuns.readme(runs, "readme-one", threshold, noDropout), null);
        TrainingRun.Outcome two = TrainingRun.start(TinyRuns.readme(runs, "readme-sharing", threshold, noDropout,
                "runtime.workers=2", "runtime.parallelMode=sharing"), null);
        assertTrue(two.finished());
        assertEquals(one.state().iteration, two.state().iteration, "one process's minibatches");
        assertTrue(Files.readString(two.dir().log()).contains("2 data-parallel workers (sharing), DL4J ParallelWrapper, each minibatch"
                + " of 64 cut into one piece per worker, fixed threshold 0.002"));
        assertTrue(two.testAccuracy() >= one.testAccuracy() - 0.01,
                "two sharing workers " + two.testAccuracy() + ", one process " + one.testAccuracy());
    }

    @Test
    void workersOutOfRangeAreAUserError() {
        ConfigException e = assertThrows(ConfigException.class, () -> TinyRuns.config(runs, 1, "runtime.workers=0"));
        assertTrue(e.getMessage().contains("runtime.workers: expected 1 (one process, the plain loop) to 64, got 0"), e.getMessage());
        ConfigException mode = assertThrows(ConfigException.class, () -> TinyRuns.config(runs, 1, "runtime.parallelMode=async"));
        assertTrue(mode.getMessage().contains("runtime.parallelMode"), mode.getMessage());
        ConfigException pieces = assertThrows(ConfigException.class,
                () -> TinyRuns.config(runs, 1, "runtime.workers=4", "training.batchSize=3"));
        assertTrue(pieces.getMessage().contains("training.batchSize: expected at least runtime.workers (4: each minibatch is cut"
                + " into one piece per worker), got 3"), pieces.getMessage());
        ConfigException sharingPieces = assertThrows(ConfigException.class,
                () -> TinyRuns.config(runs, 1, "runtime.workers=4", "training.batchSize=3", "runtime.parallelMode=sharing"));
        assertTrue(sharingPieces.getMessage().contains("training.batchSize: expected at least runtime.workers"), sharingPieces.getMessage());
        ConfigException threshold = assertThrows(ConfigException.class, () -> TinyRuns.config(runs, 1, "runtime.sharingThreshold=-0.001"));
        assertTrue(threshold.getMessage().contains("runtime.sharingThreshold: expected 0 (DL4J's adaptive threshold) or a fixed threshold"
                + " above 0 and below 1, got -0.001"), threshold.getMessage());
    }

    private static List<String> history(TrainingRun.Outcome o) {
        return o.state().history.stream().map(m -> m.epoch() + " " + m.trainLoss() + " " + m.validationLoss() + " "
                + m.validationAccuracy()).toList();
    }
}
