package cnnlab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.ImageBatches;
import cnnlab.io.AtomicFiles;
import cnnlab.metrics.MedicalMetrics;
import cnnlab.model.ModelFiles;
import cnnlab.model.NetworkFactory;
import cnnlab.model.OutputHead;

/**
 * One training run from start (or from a checkpoint) to its run directory: the epoch loop,
 * validation, checkpoints, the final test evaluation, the metrics files and the pictures.
 */
public final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
    /** The checkpoint a resumed run continues from; {@code null} for a new run. */
    private Path resumedFrom;

    private TrainingRun(ExperimentConfig config, RunDirectory dir, TrainingData data, MultiLayerNetwork net, OutputHead head,
                        TrainingState state) {
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
        return start(config, source, () -> RunDirectory.create(Path.of(config.output.runsDir), config.name));
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
        Path root = RunDirectory.path(Path.of(config.output.runsDir), config.name, runId);
        if (RunDirectory.isRun(root)) {
            RunDirectory dir = new RunDirectory(root);
            if (new Checkpoints(dir.checkpoints(), config.output.keepCheckpoints).latest().isPresent()) {
                return resume(dir, config, source);
            }
            LOG.info("{} has no checkpoint yet: starting it again from the beginning", root);
        } else if (Files.isDirectory(root) && !RunDirectory.isEmpty(root)) {
            throw new CheckpointException(root, "exists and is not a run directory (it has no config.yaml); choose another run id");
        }
        return start(config, source, () -> RunDirectory.open(root));
    }

    /** Where a new run's directory comes from: created only once the backend is up and the data loaded. */
    private interface DirectorySource {
        RunDirectory get() throws IOException;
    }

    private static Outcome start(ExperimentConfig requested, Path source, DirectorySource dirs) throws IOException {
        StopSignal.install();
        RuntimeSettings.apply(requested.runtime);
        TrainingData data = TrainingData.load(requested);
        ExperimentConfig config = data.adapt(requested);
        OutputHead head = data.outputHead(config);
        MultiLayerNetwork net = NetworkFactory.create(config, head);   // before the run directory: a bad config leaves nothing
        RunDirectory dir = dirs.get();
        AtomicFiles.writeString(dir.config(), ConfigLoader.toYaml(config));
        if (data.medical()) {
            AtomicFiles.writeString(dir.dataset(), JSON.writeValueAsString(MetricsReport.dataset(data, head)));
        }
        TrainingState state = new TrainingState();
        state.seed = config.seed;
        state.modelFingerprint = fingerprint(config);
        state.modelDescription = describe(config);
        state.outputHead = head.toString();
        state.normalisation = data.normaliser().kind().name().toLowerCase();
        state.normalisationMean = data.normaliser().mean();
        state.normalisationStd = data.normaliser().std();
        AtomicFiles.writeString(dir.normalisation(), JSON.writeValueAsString(data.normaliser()));
        writeRunInfo(dir, config, source, "running");
        return new TrainingRun(config, dir, data, net, head, state).train();
    }

    /**
     * Continues a run from its newest checkpoint. Only {@code training.epochs} (not below the epochs
     * done), {@code runtime}, {@code output} and the description may differ from the run's own
     * config (after the data has set the input channels and classes): anything else would make the
     * resumed run a different experiment.
     */
    public static Outcome resume(RunDirectory dir, ExperimentConfig requested, Path source) throws IOException {
        StopSignal.install();
        Checkpoints cps = new Checkpoints(dir.checkpoints(), requested.output.keepCheckpoints);
        Optional<Checkpoints.Saved> latest = cps.latest();
        if (latest.isEmpty()) {
            throw new CheckpointException(dir.checkpoints(), "no checkpoint to resume from (a run writes one after each epoch)");
        }
        Checkpoints.Saved cp = latest.get();
        TrainingState state = cp.state();
        RuntimeSettings.apply(requested.runtime);
        TrainingData data = TrainingData.load(requested);
        ExperimentConfig config = data.adapt(requested);
        ResumeCheck.sameExperiment(dir, config);
        if (!fingerprint(config).equals(state.modelFingerprint)) {
            throw new CheckpointException(cp.model(), "checkpoint of another model (" + state.modelDescription
                    + "); the config describes " + describe(config));
        }
        OutputHead head = data.outputHead(config);
        if (state.outputHead != null && !state.outputHead.equals(head.toString())) {
            throw new CheckpointException(cp.model(), "checkpoint with another output layer (" + state.outputHead
                    + "); the config and data now ask for " + head);
        }
        if (state.completedEpochs > config.training.epochs) {
            throw new CheckpointException(cp.stateFile(), "the run has done " + state.completedEpochs
                    + " epochs; training.epochs must be at least that, got " + config.training.epochs);
        }
        if (state.completedEpochs == config.training.epochs && state.batchesIntoEpoch == 0 && Files.exists(dir.model())
                && Files.exists(dir.metricsJson())) {
            LOG.info("{} has already finished its {} epochs; nothing to do", dir.name(), state.completedEpochs);
            return new Outcome(dir, true, null, state, JSON.readTree(dir.metricsJson().toFile()).path("testAccuracy").asDouble(), null);
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
        TrainingRun run = new TrainingRun(config, dir, data, net, head, state);
        run.resumedFrom = cp.model();
        return run.train();
    }

    private Outcome train() throws IOException {
        try {
            return trainLogged();
        } catch (IOException | RuntimeException | Error e) {
            try {
                writeRunInfo(dir, config, null, "failed");
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
            }
            AtomicFiles.writeString(dir.environment(), JSON.writeValueAsString(EnvironmentInfo.collect()));
            LOG.info("run {}: {} training, {} validation, {} test images from {}", dir.root(), data.train().size(),
                    data.validation().size(), data.test().size(), data.source().name());
            if (data.medical()) {
                LOG.info("{}: {}, {} images, {} {} (model.input.channels and model.classes from the data); validation: the "
                        + "dataset's own split; output: {}", data.source().name(), data.task().medMnistName(),
                        data.train().shape(), data.numClasses(), data.task().multiLabel() ? "labels" : "classes", head);
            }
            int epochs = config.training.epochs;
            ImageBatches batches = data.trainBatches(config.training.batchSize, config.seed);
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
            end = EpochLoop.run(net, batches, config.seed, state.iteration, config.runtime.prefetchBatches, new EpochLoop.Listener() {
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
        LOG.info(String.format(java.util.Locale.ROOT, "epoch %d/%d: train loss %.4f, validation loss %.4f, validation accuracy %.2f%%%s, %.0f img/s, %.1f s",
                epoch + 1, config.training.epochs, m.trainLoss(), valLoss, 100 * valAcc,
                data.medical() ? String.format(java.util.Locale.ROOT, ", validation AUC %.4f", valAuc) : "", m.imagesPerSecond(), m.seconds()));
    }

    private Outcome finish() throws IOException {
        Evaluator.Result test = Evaluator.evaluate(net, data.evaluationBatches(data.test(), 256), config.model.classes,
                head.multiLabel());
        MedicalMetrics medical = data.medical() ? test.medical(data.task()) : null;
        AtomicFiles.writeVia(dir.model(), tmp -> ModelFiles.write(net, tmp.toFile()));
        AtomicFiles.writeString(dir.metricsJson(), JSON.writeValueAsString(MetricsReport.withoutNaN(MetricsReport.of(test, state, data, head, medical,
                config.output.plots && medical != null && medical.roc() != null ? dir.rocCurve().getFileName().toString() : null))));
        LOG.info(String.format(java.util.Locale.ROOT, "test accuracy %.2f%% on %d images (%s)%s", 100 * test.accuracy(),
                data.test().size(), data.source().name(), medical == null ? "" : ": " + MetricsReport.summary(medical)));
        if (config.output.plots) {
            RunPictures.draw(dir, net, state, test, data, config, medical);
        }
        writeRunInfo(dir, config, null, "finished");
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
        Map<String, Object> info = new LinkedHashMap<>();
        if (Files.exists(dir.runInfo())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> old = JSON.readValue(dir.runInfo().toFile(), Map.class);
            info.putAll(old);
        }
        info.put("name", config.name);
        info.putIfAbsent("started", Instant.now().toString());
        if (source != null) {
            info.putIfAbsent("source", source.toString());
        }
        info.put("status", status);
        info.put("updated", Instant.now().toString());
        @SuppressWarnings("unchecked")
        List<String> history = (List<String>) info.getOrDefault("statusHistory", new ArrayList<String>());
        history.add(Instant.now() + " " + status);
        info.put("statusHistory", history);
        AtomicFiles.writeString(dir.runInfo(), JSON.writeValueAsString(info));
    }

    /** A fingerprint of the architecture: the resolved model section. */
    static String fingerprint(ExperimentConfig config) {
        String model = ConfigLoader.toYaml(modelOnly(config));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ExperimentConfig modelOnly(ExperimentConfig config) {
        ExperimentConfig c = new ExperimentConfig();
        c.model = config.model;
        // the fingerprint hashes a whole config of defaults around the model; runtime.fastConvolution's
        // default was `true` when checkpoints began to carry it, so it stays `true` here, and the
        // fingerprints of existing checkpoints stay valid (it is not part of the model either way)
        c.runtime.fastConvolution = cnnlab.config.RuntimeConfig.FastConvolution.TRUE;
        return c;
    }

    /** A one-line description of the architecture, e.g. {@code conv6k5-pool(max)2-conv16k5-pool(max)2-dense120-dense84-out10}. */
    static String describe(ExperimentConfig config) {
        List<String> parts = new ArrayList<>();
        for (var l : config.model.layers) {
            parts.add(l.label());
        }
        parts.add("out" + config.model.classes);
        return config.model.input.channels + "x" + config.model.input.height + "x" + config.model.input.width + " "
                + String.join("-", parts);
    }
}
