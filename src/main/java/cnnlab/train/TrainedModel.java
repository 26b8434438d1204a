package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.LoadedDataset;
import cnnlab.data.Normaliser;
import cnnlab.data.Task;
import cnnlab.model.NetworkFactory;
import cnnlab.records.DatasetFacts;
import cnnlab.records.NormalisationFile;
import cnnlab.records.RunFileException;
import cnnlab.records.RunJson;

/**
 * A trained network loaded from a run directory with what is needed to feed it: its config and the
 * pixel normalisation fitted on its training images.
 *
 * @param dir the run
 * @param config the run's resolved config
 * @param net the network
 * @param normaliser the pixel scaling used in training
 * @param source which model file was loaded
 * @param task what the labels mean: from the run's {@code dataset.json} (MedMNIST runs), else multi-class
 * @param classNames the class names from {@code dataset.json}, or {@code "0"}, {@code "1"}, ... for IDX runs
 * @param medical whether the run trained on MedMNIST data (it has a {@code dataset.json})
 */
public record TrainedModel(RunDirectory dir, ExperimentConfig config, MultiLayerNetwork net, Normaliser normaliser, Path source,
                           Task task, List<String> classNames, boolean medical) {

    /** Which model of a run to load. */
    public enum Which { FINAL, BEST, LATEST }

    /**
     * Loads a model of a run: the final {@code model.zip}, the best checkpoint, or the newest checkpoint.
     *
     * @throws CheckpointException when the run or the model file is missing or unreadable
     */
    public static TrainedModel load(Path runDir, Which which) throws IOException {
        cnnlab.io.MemoryBudget.during("loading the model of " + runDir);
        if (!RunDirectory.isRun(runDir)) {
            throw new CheckpointException(runDir, "not a run directory (it has no config.yaml)");
        }
        RunDirectory dir = new RunDirectory(runDir);
        ExperimentConfig config = ConfigLoader.load(dir.config());
        Path model = switch (which) {
            case FINAL -> dir.model();
            case BEST -> dir.checkpoints().resolve("best.zip");
            case LATEST -> new Checkpoints(dir.checkpoints(), config.output.keepCheckpoints).latest()
                    .orElseThrow(() -> new CheckpointException(dir.checkpoints(), "no checkpoint")).model();
        };
        if (!Files.exists(model)) {
            throw new CheckpointException(model, which == Which.FINAL ? "missing: the run has not finished (use --model latest or best)"
                    : "missing: no best checkpoint (the run has no validation set?)");
        }
        Normaliser normaliser = readNormaliser(dir);
        MultiLayerNetwork net = Checkpoints.restore(model, config.runtime.fastConvolution);
        Task task = Task.MULTI_CLASS;
        List<String> names = LoadedDataset.numbered(config.model.classes);
        boolean medical = Files.isRegularFile(dir.dataset());
        if (medical) {
            try {
                DatasetFacts d = RunJson.read(dir.dataset(), DatasetFacts.class);
                task = Task.ofMedMnistName(String.valueOf(d.task()));
                if (d.classNames().size() == config.model.classes) {
                    names = d.classNames();
                }
            } catch (RunFileException e) {
                throw new CheckpointException(dir.dataset(), "cannot be read (" + e.reason() + ")");
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(dir.dataset(), "cannot be read (" + e.getMessage() + ")");
            }
        }
        if (NetworkFactory.isMultiLabel(net)) {
            task = Task.MULTI_LABEL;
        }
        return new TrainedModel(dir, config, net, normaliser, model, task, names, medical);
    }

    /** The normalisation of a run: its normalisation.json. */
    private static Normaliser readNormaliser(RunDirectory dir) throws IOException {
        if (!Files.exists(dir.normalisation())) {
            throw new CheckpointException(dir.normalisation(), "missing: cannot scale new images as the run's training images were");
        }
        try {
            return RunJson.read(dir.normalisation(), NormalisationFile.class).normaliser();
        } catch (RunFileException e) {
            throw new CheckpointException(dir.normalisation(), "not a normalisation file (" + e.reason() + ")");
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir.normalisation(), "not a normalisation file (" + e.getMessage().split("\n")[0] + ")");
        }
    }
}
