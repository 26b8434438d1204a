package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import cnnlab.io.CannotWriteException;

/**
 * The folder a run writes, {@code runs/<name>-<yyyyMMdd-HHmmss>}, and the names of what is in it:
 *
 * <pre>
 * config.yaml            the fully resolved config
 * run.json               name, source config, status (running, stopped, finished, failed), times
 * normalisation.json     the pixel scaling fitted on the training images (kind, mean, std)
 * environment.json       backend, versions, CPU or GPU, threads, git commit
 * metrics.csv            one row per epoch
 * metrics.json           final test metrics: accuracy, per-class precision, recall, F1, confusion matrix;
 *                        for MedMNIST data also ACC, AUC and (binary) sensitivity, specificity, ROC curve
 * dataset.json           MedMNIST data only: the file, its MD5, task, channels, classes, split sizes, class weights
 * model.zip              the final network (DL4J ModelSerializer, with updater state; DL4J's standard layers)
 * checkpoints/           epoch-NNNN.zip + .json (the last few), best.zip + .json, and stop-*.zip for a stop mid-epoch
 * training-curves.png, confusion-matrix.png, conv1-kernels.png, feature-maps-conv1.png, feature-maps-conv2.png,
 * roc-curve.png          (binary MedMNIST data)
 * train.log              the run's log
 * run.lock               while a process trains the run: its pid, host and Slurm job ({@link RunLock})
 * </pre>
 *
 * The JSON files are the records of {@code cnnlab.records}, each with a {@code schemaVersion}; see docs/run-directory.md.
 */
public record RunDirectory(Path root) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Creates a new, empty run directory under {@code runsDir}; adds a suffix if the name is taken. */
    public static RunDirectory create(Path runsDir, String name) throws IOException {
        createFolders(runsDir);
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        for (int i = 0; ; i++) {
            Path candidate = runsDir.resolve(i == 0 ? base : base + "-" + i);
            try {
                Files.createDirectory(candidate);
                Files.createDirectories(candidate.resolve("checkpoints"));
                return new RunDirectory(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // try the next suffix
            } catch (IOException e) {
                throw new CannotWriteException(candidate, "cannot create the run directory", e);
            }
        }
    }

    /** A run id as {@code --run-id} takes it: 1 to 64 letters, digits, '.', '_' or '-'. */
    public static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The folder {@code <runsDir>/<name>-<runId>}: a run named by the caller (a Slurm job id) rather than by the time. */
    public static Path path(Path runsDir, String name, String runId) {
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must be 1 to 64 letters, digits, '.', '_' or '-': " + runId);
        }
        return runsDir.resolve(name + "-" + runId);
    }

    /** The run directory {@code root}, created (with its checkpoints folder) if it does not exist. */
    public static RunDirectory open(Path root) throws IOException {
        createFolders(root.resolve("checkpoints"));
        return new RunDirectory(root);
    }

    /** Creates {@code folder} and its parents, or says in one line which cannot be made and why. */
    private static void createFolders(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new CannotWriteException(folder, "cannot create the folder (output.runsDir)", e);
        }
    }

    /** Whether {@code dir} has nothing in it. */
    static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Whether {@code dir} looks like a run directory (it has a config.yaml). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve("config.yaml"));
    }

    public Path config() { return root.resolve("config.yaml"); }
    public Path runInfo() { return root.resolve("run.json"); }
    public Path environment() { return root.resolve("environment.json"); }
    public Path metricsCsv() { return root.resolve("metrics.csv"); }
    public Path metricsJson() { return root.resolve("metrics.json"); }
    public Path model() { return root.resolve("model.zip"); }
    public Path checkpoints() { return root.resolve("checkpoints"); }
    public Path log() { return root.resolve("train.log"); }
    /** The pixel normalisation fitted on the training images, needed to feed the model new images. */
    public Path normalisation() { return root.resolve("normalisation.json"); }
    public Path trainingCurves() { return root.resolve("training-curves.png"); }
    public Path confusionMatrix() { return root.resolve("confusion-matrix.png"); }
    public Path kernels() { return root.resolve("conv1-kernels.png"); }
    public Path dataset() { return root.resolve("dataset.json"); }
    public Path rocCurve() { return root.resolve("roc-curve.png"); }

    /** The feature-map picture of the {@code n}-th conv layer (from 1). */
    public Path featureMaps(int n) {
        return root.resolve("feature-maps-conv" + n + ".png");
    }

    /** The run's name: the folder name. */
    public String name() {
        return root.getFileName().toString();
    }
}
