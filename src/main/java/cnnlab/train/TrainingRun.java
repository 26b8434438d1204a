package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.io.AtomicFiles;
import cnnlab.io.MemoryBudget;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.ModelFiles;
import cnnlab.model.NetworkFactory;
import cnnlab.model.OutputHead;
import cnnlab.records.ModelFingerprint;
import cnnlab.records.NormalisationFile;
import cnnlab.records.RunInfo;
import cnnlab.records.RunJson;
import cnnlab.records.RunMetrics;
import cnnlab.runtime.EnvironmentInfo;
import cnnlab.runtime.RuntimeSettings;

/**
 * One training run from start (or from a checkpoint) to its run directory: the epoch loop,
 * validation, checkpoints, the final test evaluation, the metrics files and the pictures.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /**
     * How a run ended.
     *
     * @param dir the run directory
     * @param finished whether all epochs were trained
     * @param stoppedBy the signal that stopped it early, or {@code null}
     * @param state the training state at the end
     * @param testAccuracy test accuracy of the final model (NaN if stopped early)
     * @param medical ACC, AUC and friends on the test images, for a MedMNIST dataset; else {@code null}
     */
    public record Outcome(RunDirectory dir, boolean finished, String stoppedBy, TrainingState state, double testAccuracy,
                          MedicalMetrics medical) {
    }

    private final ExperimentConfig config;
    private final RunDirectory dir;
    private final TrainingData data;
    private final MultiLayerNetwork net;
    private final OutputHead head;
    private final TrainingState state;
    private final Checkpoints checkpoints;
    private final EpochTrainer trainer;
    /** The checkpoint a resumed run continues from; {@code null} for a new run. */
    private Path resumedFrom;
    /** What a resumed run could not use (a newer checkpoint with a file missing), or {@code null}. */
    private String resumeWarning;

    private TrainingRun(ExperimentConfig config, RunDirectory dir, TrainingData data, MultiLayerNetwork net, OutputHead head,
                        TrainingState state, EpochTrainer trainer) {
        this.trainer = trainer;
        this.config = config;
        this.dir = dir;
        this.data = data;
        this.net = net;
        this.head = head;
        this.state = state;
        this.checkpoints = new Checkpoints(dir.checkpoints(), config.output.keepCheckpoints);
    }

    /** Starts a new run of {@code config} (read from {@code source}) in a new run directory. */
    public static Outcome start(ExperimentConfig config, Path source) throws IOException {
        return start(config, source, EpochTrainer.LOCAL);
    }

    /** Starts a new run of {@code config} whose epochs {@code trainer} trains (Spark, say). */
    public static Outcome start(ExperimentConfig config, Path source, EpochTrainer trainer) throws IOException {
        return start(config, source, () -> RunDirectory.create(Path.of(config.output.runsDir), config.name), trainer);
    }

    /**
     * Trains {@code config} in the run directory {@code <runsDir>/<name>-<runId>}: continues that run
     * from its newest checkpoint when it has one, and starts it there otherwise (also when the folder
     * holds a run that was stopped before its first checkpoint). A Slurm job that is requeued runs the
     * same command again, and so continues where it stopped.
     *
     * @throws CheckpointException when the folder exists and holds something other than a run
     */
    public static Outcome startOrResume(ExperimentConfig config, Path source, String runId) throws IOException {
        return startOrResume(config, source, runId, EpochTrainer.LOCAL);
    }

    /** {@link #startOrResume(ExperimentConfig, Path, String)} with {@code trainer} training the epochs. */
    public static Outcome startOrResume(ExperimentConfig config, Path source, String runId, EpochTrainer trainer) throws IOException {
        Path root = RunDirectory.path(Path.of(config.output.runsDir), config.name, runId);
        if (Files.isDirectory(root)) {
            RunLock.refuseIfHeld(root);   // before loading any data
        }
        if (RunDirectory.isRun(root)) {
            RunDirectory dir = new RunDirectory(root);
            if (new Checkpoints(dir.checkpoints(), config.output.keepCheckpoints).latest().isPresent()) {
                return resume(dir, config, source, trainer);
            }
            LOG.info("{} has no checkpoint yet: starting it again from the beginning", root);
        } else if (Files.isDirectory(root) && !RunDirectory.isEmpty(root)) {
            throw new CheckpointException(root, "exists and is not a run directory (it has no config.yaml); choose another run id");
        }
        return start(config, source, () -> RunDirectory.open(root), trainer);
    }

    /** Where a new run's directory comes from: created only once the backend is up and the data loaded. */
    private interface DirectorySource {
        RunDirectory get() throws IOException;
    }

    private static Outcome start(ExperimentConfig requested, Path source, DirectorySource dirs, EpochTrainer trainer) throws IOException {
        StopSignal.install();
        RuntimeSettings.apply(requested.runtime);
        MemoryBudget.during("loading the data " + requested.data.dataset + " (data.dataset)");
        TrainingData data = TrainingData.load(requested);
        ExperimentConfig config = data.adapt(requested);
        OutputHead head = data.outputHead(config);
        MemoryBudget.during("building the network (model)");
        cnnlab.model.ModelMemory.requireTraining(NetworkFactory.configuration(config, head), config);
        MultiLayerNetwork net = NetworkFactory.create(config, head);   // before the run directory: a bad config leaves nothing
        RunDirectory dir = dirs.get();
        try (RunLock lock = RunLock.acquire(dir.root())) {
            removeLeftovers(dir);
            AtomicFiles.writeString(dir.config(), ConfigLoader.toYaml(config));
            if (data.medical()) {
                RunJson.write(dir.dataset(), MetricsReport.dataset(data, head));
            }
            TrainingState state = new TrainingState();
            state.seed = config.seed;
            state.model = ModelFingerprint.of(config, head);
            state.normalisation = data.normaliser().kind().name().toLowerCase();
            state.normalisationMean = data.normaliser().mean();
            state.normalisationStd = data.normaliser().std();
            RunJson.write(dir.normalisation(), NormalisationFile.of(data.normaliser()));
            writeRunInfo(dir, config, source, "running");
            return new TrainingRun(config, dir, data, net, head, state, trainer).train();
        }
    }

    /**
     * Continues a run from its newest checkpoint. Only {@code training.epochs} (not below the epochs
     * done), {@code runtime}, {@code output} and the description may differ from the run's own
     * config (after the data has set the input channels and classes): anything else would make the
     * resumed run a different experiment.
     */
    public static Outcome resume(RunDirectory dir, ExperimentConfig requested, Path source) throws IOException {
        return resume(dir, requested, source, EpochTrainer.LOCAL);
    }

    /** {@link #resume(RunDirectory, ExperimentConfig, Path)} with {@code trainer} training the epochs. */
    public static Outcome resume(RunDirectory dir, ExperimentConfig requested, Path source, EpochTrainer trainer) throws IOException {
        try (RunLock lock = RunLock.acquire(dir.root())) {
            removeLeftovers(dir);
            return resumeHeld(dir, requested, source, trainer);
        }
    }

    /** {@link #resume}, with the run's lock held. */
    private static Outcome resumeHeld(RunDirectory dir, ExperimentConfig requested, Path source, EpochTrainer trainer)
            throws IOException {
        StopSignal.install();
        Checkpoints cps = new Checkpoints(dir.checkpoints(), requested.output.keepCheckpoints);
        Optional<Checkpoints.Saved> latest = cps.latest();
        if (latest.isEmpty()) {
            throw new CheckpointException(dir.checkpoints(), "no checkpoint to resume from (a run writes one after each epoch)");
        }
        Checkpoints.Saved cp = latest.get();
        List<String> halves = cps.incompleteNewerThan(cp);
        TrainingState state = cp.state();
        RuntimeSettings.apply(requested.runtime);
        MemoryBudget.during("loading the data " + requested.data.dataset + " (data.dataset)");
        TrainingData data = TrainingData.load(requested);
        ExperimentConfig config = data.adapt(requested);
        ResumeCheck.sameExperiment(dir, config);
        RunJson.readIfExists(dir.runInfo(), RunInfo.class);   // a damaged run.json stops here, before anything changes
        OutputHead head = data.outputHead(config);
        ModelFingerprint now = ModelFingerprint.of(config, head);
        ModelFingerprint saved = state.model;
        boolean legacy = state.schemaVersion == 0;   // written before run files had a schemaVersion
        if (saved == null || !(legacy ? saved.sameLegacyArchitecture(now) : saved.sameArchitecture(now))) {
            throw new CheckpointException(cp.model(), "checkpoint of another model (" + (saved == null ? null : saved.description())
                    + "); the config describes " + now.description());
        }
        if (saved.outputHead() != null && !saved.outputHead().equals(head)) {
            throw new CheckpointException(cp.model(), "checkpoint with another output layer (" + saved.outputHead()
                    + "); the config and data now ask for " + head);
        }
        int perEpoch = (data.train().size() + config.training.batchSize - 1) / config.training.batchSize;
        if (state.batchesIntoEpoch > perEpoch) {
            throw new CheckpointException(cp.stateFile(), "batchesIntoEpoch: expected at most " + perEpoch
                    + " (the minibatches of one epoch of " + data.train().size() + " images), got " + state.batchesIntoEpoch);
        }
        if (state.completedEpochs > config.training.epochs) {
            throw new CheckpointException(cp.stateFile(), "the run has done " + state.completedEpochs
                    + " epochs; training.epochs must be at least that, got " + config.training.epochs);
        }
        if (state.completedEpochs == config.training.epochs && state.batchesIntoEpoch == 0 && Files.exists(dir.model())
                && Files.exists(dir.metricsJson())) {
            LOG.info("{} has already finished its {} epochs; nothing to do", dir.name(), state.completedEpochs);
            return new Outcome(dir, true, null, state, RunJson.read(dir.metricsJson(), RunMetrics.class).test().accuracy(), null);
        }
        MultiLayerNetwork net = Checkpoints.restore(cp.model(), config.runtime.fastConvolution);
        if (net.numParams() != NetworkFactory.create(config, head).numParams()) {
            throw new CheckpointException(cp.model(), "checkpoint of another model: " + net.numParams() + " parameters");
        }
        // a finished run given more epochs: its final files are superseded until it finishes again
        Files.deleteIfExists(dir.model());
        Files.deleteIfExists(dir.metricsJson());
        AtomicFiles.writeString(dir.config(), ConfigLoader.toYaml(config));
        writeRunInfo(dir, config, source, "running");
        TrainingRun run = new TrainingRun(config, dir, data, net, head, state, trainer);
        run.resumedFrom = cp.model();
        if (!halves.isEmpty()) {
            run.resumeWarning = "newer checkpoint files without their other half: " + String.join(", ", halves) + "; resuming from "
                    + cp.model().getFileName() + " instead (the training since then is done again)";
        }
        return run.train();
    }

    /** Deletes the temporary files of writes that a killed run left half-done in the run directory and its checkpoints. */
    private static void removeLeftovers(RunDirectory dir) throws IOException {
        int n = AtomicFiles.removeLeftovers(dir.root()) + AtomicFiles.removeLeftovers(dir.checkpoints());
        if (n > 0) {
            LOG.info("{}: removed {} half-written temporary file(s) (.partial) of an earlier, interrupted run", dir.root(), n);
        }
    }

    private Outcome train() throws IOException {
        try {
            return trainLogged();
        } catch (IOException | RuntimeException | Error e) {
            try {
                // stopped by a signal, the run goes on from its newest checkpoint even when the stop checkpoint failed
                writeRunInfo(dir, config, null, StopSignal.requested() != null ? "stopped" : "failed");
            } catch (IOException | RuntimeException second) {
                e.addSuppressed(second);
            }
            throw e;
        }
    }

    private Outcome trainLogged() throws IOException {
        try (RunLog log = RunLog.attach(dir.log())) {
            if (resumedFrom != null) {
                LOG.info("resuming {} from {} (epoch {} done, {} minibatches into the next)", dir.name(), resumedFrom.getFileName(),
                        state.completedEpochs, state.batchesIntoEpoch);
                if (resumeWarning != null) {
                    LOG.warn("{}: {}", dir.checkpoints(), resumeWarning);
                }
            }
            if (System.getProperty(cnnlab.runtime.Backend.CRASH_DUMPS) == null) {
                org.deeplearning4j.util.CrashReportingUtil.crashDumpOutputDirectory(dir.root().toFile());   // never into the checkout
            }
            RunJson.write(dir.environment(), EnvironmentInfo.collect());
            LOG.info("run {}: {} training, {} validation, {} test images from {}", dir.root(), data.train().size(),
                    data.validation().size(), data.test().size(), data.source().name());
            if (config.runtime.workers > 1) {
                LOG.info("{} data-parallel workers ({}), DL4J ParallelWrapper, each minibatch of {} cut into one piece per worker{}",
                        config.runtime.workers, config.runtime.parallelMode.name().toLowerCase(java.util.Locale.ROOT),
                        config.training.batchSize,
                        config.runtime.parallelMode == cnnlab.config.RuntimeConfig.ParallelMode.SHARING
                                ? ", " + SharingThreshold.describe(config.runtime) : "");
            }
            if (data.medical()) {
                LOG.info("{}: {}, {} images, {} {} (model.input.channels and model.classes from the data); validation: the "
                        + "dataset's own split; output: {}", data.source().name(), data.task().medMnistName(),
                        data.train().shape(), data.numClasses(), data.task().multiLabel() ? "labels" : "classes", head);
            }
            int epochs = config.training.epochs;
            MemoryBudget.during("training " + dir.name() + " with minibatches of " + config.training.batchSize + " (training.batchSize)");
            ImageBatches batches = data.trainBatches(config.training.batchSize, config.seed);
            batches.setAugmentation(RunAnalysis.augmentation(config));   // issue 13: off by default
            for (int epoch = state.completedEpochs; epoch < epochs; epoch++) {
                String stopped = trainEpoch(batches, epoch);
                if (stopped != null) {
                    checkpoints.saveStop(net, state);
                    writeRunInfo(dir, config, null, "stopped");
                    LOG.warn("stopped by {} after {} minibatches of epoch {}; resume with: cnnlab train {} --resume {}",
                            stopped, state.batchesIntoEpoch, epoch + 1, dir.config(), dir.root());
                    return new Outcome(dir, false, stopped, state, Double.NaN, null);
                }
                endEpoch(epoch);
            }
            return finish();
        }
    }

    /** Trains one epoch from where the state says; returns the stopping signal, or null when the epoch completed. */
    private String trainEpoch(ImageBatches batches, int epoch) {
        batches.setEpoch(epoch);
        batches.skipBatches(state.batchesIntoEpoch);
        int total = batches.batchesPerEpoch();
        String task = "epoch " + (epoch + 1) + "/" + config.training.epochs;
        long startNanos = System.nanoTime();
        EpochLoop.End end;
        try (Progress progress = Progress.start(task, total, state.batchesIntoEpoch, config.output.logEveryBatches)) {
            end = trainer.train(net, batches, config.seed, state.iteration, config.runtime, new EpochLoop.Listener() {
                @Override
                public String stopBefore(long iteration) {
                    StopSignal.reached(iteration);
                    return StopSignal.requested();
                }

                @Override
                public void fitted(long iteration, int images, double loss) {
                    state.partialLossSum += loss * images;
                    state.partialImages += images;
                    state.batchesIntoEpoch++;
                    state.iteration = iteration + 1;
                    progress.step(images, state.partialLossSum / state.partialImages);
                }
            });
        }
        state.partialSeconds += (System.nanoTime() - startNanos) / 1e9;
        return end.stoppedBy();
    }

    private void endEpoch(int epoch) throws IOException {
        Double rate = net.getLearningRate(0);   // the rate of this epoch, before the epoch count moves on
        double lr = rate == null ? Double.NaN : rate;
        net.setEpochCount(epoch + 1);
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        double valAuc = Double.NaN;
        if (data.validation().size() > 0) {
            Evaluator.Result v = Evaluator.evaluate(net, data.evaluationBatches(data.validation(), 256), config.model.classes,
                    head.multiLabel());
            valLoss = v.loss();
            valAcc = v.accuracy();
            if (data.medical()) {
                valAuc = v.medical(data.task()).auc();
            }
        }
        EpochMetrics m = new EpochMetrics(epoch + 1, state.partialLossSum / Math.max(1, state.partialImages), valLoss, valAcc,
                state.partialImages / Math.max(1e-9, state.partialSeconds), state.partialSeconds, lr, valAuc);
        state.history.add(m);
        state.completedEpochs = epoch + 1;
        state.batchesIntoEpoch = 0;
        state.partialLossSum = 0;
        state.partialImages = 0;
        state.partialSeconds = 0;
        boolean best = !Double.isNaN(valAcc) && (Double.isNaN(state.bestValidationAccuracy) || valAcc > state.bestValidationAccuracy);
        if (best) {
            state.bestValidationAccuracy = valAcc;
            state.bestEpoch = epoch + 1;
        }
        writeMetricsCsv();
        checkpoints.saveEpoch(net, state, best);
        trainer.validated(epoch + 1, valAcc, config.model.classes);
        LOG.info(String.format(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f, validation loss %.4f, validation accuracy %.2f%%%s, %.0f img/s, %.1f s",
                epoch + 1, config.training.epochs, m.trainLoss(), valLoss, 100 * valAcc,
                data.medical() ? String.format(java.util.Locale.ROOT, ", validation AUC %.4f", valAuc) : "", m.imagesPerSecond(), m.seconds()));
    }

    private Outcome finish() throws IOException {
        MemoryBudget.during("evaluating " + dir.name() + " on " + data.test().size() + " test images");
        Evaluator.Result test = Evaluator.evaluate(net, data.evaluationBatches(data.test(), 256), config.model.classes,
                head.multiLabel());
        MedicalMetrics medical = data.medical() ? test.medical(data.task()) : null;
        AtomicFiles.writeVia(dir.model(), tmp -> ModelFiles.write(net, tmp.toFile()));
        RunAnalysis analysis = RunAnalysis.compute(config, data, net, test, head, medical);   // docs/analysis.md
        RunJson.write(dir.metricsJson(), MetricsReport.of(test, state, data, head, medical,
                config.output.plots && medical != null && medical.roc() != null ? dir.rocCurve().getFileName().toString() : null)
                .withAnalysis(RunJson.tree(analysis.json(config.output.plots))));
        LOG.info(String.format(java.util.Locale.ROOT, "test accuracy %.2f%% on %d images (%s)%s", 100 * test.accuracy(),
                data.test().size(), data.source().name(), medical == null ? "" : ": " + MetricsReport.summary(medical)));
        if (config.output.plots) {
            RunPictures.draw(dir, net, state, test, data, config, medical);
            analysis.draw(dir, net, data, config);
        }
        writeRunInfo(dir, config, null, "finished");
        if (config.analysis.report) {
            RunAnalysis.writeReport(dir);
        }
        return new Outcome(dir, true, null, state, test.accuracy(), medical);
    }

    private void writeMetricsCsv() throws IOException {
        boolean medical = data.medical();
        StringBuilder csv = new StringBuilder(medical ? EpochMetrics.CSV_HEADER_MEDICAL : EpochMetrics.CSV_HEADER).append('\n');
        for (EpochMetrics m : state.history) {
            csv.append(medical ? m.csvRowMedical() : m.csvRow()).append('\n');
        }
        AtomicFiles.writeString(dir.metricsCsv(), csv.toString());
    }

    /** Writes run.json: name, source config, status and times (keeping the first start time and source). */
    static void writeRunInfo(RunDirectory dir, ExperimentConfig config, Path source, String status) throws IOException {
        RunInfo previous = RunJson.readIfExists(dir.runInfo(), RunInfo.class);
        RunJson.write(dir.runInfo(), RunInfo.next(previous, config.name, source, status, Instant.now()));
    }
}
