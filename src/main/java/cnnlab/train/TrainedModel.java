package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.Normalisation;
import cnnlab.data.Normaliser;

/**
 * A trained network loaded from a run directory with what is needed to feed it: its config and the
 * pixel normalisation fitted on its training images.
 *
 * @param dir the run
 * @param config the run's resolved config
 * @param net the network
 * @param normaliser the pixel scaling used in training
 * @param source which model file was loaded
 */
public record TrainedModel(RunDirectory dir, ExperimentConfig config, MultiLayerNetwork net, Normaliser normaliser, Path source) {

    /** Which model of a run to load. */
    public enum Which { FINAL, BEST, LATEST }

    /**
     * Loads a model of a run: the final {@code model.zip}, the best checkpoint, or the newest checkpoint.
     *
     * @throws CheckpointException when the run or the model file is missing or unreadable
     */
    public static TrainedModel load(Path runDir, Which which) throws IOException {
        if (!RunDirectory.isRun(runDir)) {
            throw new CheckpointException(runDir, "not a run directory (it has no config.yaml)");
        }
        RunDirectory dir = new RunDirectory(runDir);
        ExperimentConfig config = ConfigLoader.load(dir.config());
        Checkpoints cps = new Checkpoints(dir.checkpoints(), config.output.keepCheckpoints);
        Optional<Checkpoints.Saved> latest = cps.latest();
        Path model;
        TrainingState state;
        switch (which) {
            case FINAL -> {
                model = dir.model();
                if (!Files.exists(model)) {
                    throw new CheckpointException(model, "missing: the run has not finished (use --model latest or best)");
                }
                state = latest.map(Checkpoints.Saved::state).orElseThrow(
                        () -> new CheckpointException(dir.checkpoints(), "no checkpoint state to read the normalisation from"));
            }
            case BEST -> {
                model = dir.checkpoints().resolve("best.zip");
                Path json = dir.checkpoints().resolve("best.json");
                if (!Files.exists(model) || !Files.exists(json)) {
                    throw new CheckpointException(model, "missing: no best checkpoint (the run has no validation set?)");
                }
                state = Checkpoints.readState(json);
            }
            case LATEST -> {
                Checkpoints.Saved s = latest.orElseThrow(() -> new CheckpointException(dir.checkpoints(), "no checkpoint"));
                model = s.model();
                state = s.state();
            }
            default -> throw new AssertionError(which);
        }
        Normaliser normaliser = new Normaliser(Normalisation.valueOf(state.normalisation.toUpperCase()), state.normalisationMean,
                state.normalisationStd);
        return new TrainedModel(dir, config, Checkpoints.restore(model), normaliser, model);
    }
}
