package cnnlab.train;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cnnlab.config.RuntimeConfig;
import cnnlab.io.AtomicFiles;
import cnnlab.model.ModelFiles;

/**
 * Saves and finds checkpoints in a run's {@code checkpoints/} folder.
 *
 * <p>A checkpoint is two files written atomically, the network first ({@code NAME.zip}, DL4J's
 * ModelSerializer with updater state, conv layers as DL4J's standard configuration: {@link ModelFiles})
 * and then its {@link TrainingState} ({@code NAME.json}); a
 * checkpoint counts only once its JSON exists, so a job killed while writing leaves the previous
 * checkpoint as the newest. Epoch checkpoints beyond the last {@code keep} are deleted; {@code best}
 * is the one with the best validation accuracy.
 */
public final class Checkpoints {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A checkpoint on disk: its model file and its state. */
    public record Saved(Path model, Path stateFile, TrainingState state) {
    }

    private final Path dir;
    private final int keep;

    public Checkpoints(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /** Saves a checkpoint at the end of an epoch, prunes old ones, and updates {@code best} if it is the best. */
    public Saved saveEpoch(MultiLayerNetwork net, TrainingState state, boolean best) throws IOException {
        Saved saved = save(net, state, String.format("epoch-%04d", state.completedEpochs));
        if (best) {
            AtomicFiles.writeVia(dir.resolve("best.zip"),
                    tmp -> Files.copy(saved.model(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
            AtomicFiles.writeString(dir.resolve("best.json"), JSON.writeValueAsString(state));
        }
        prune();
        return saved;
    }

    /** Saves a checkpoint taken when a run is stopped in the middle of an epoch. */
    public Saved saveStop(MultiLayerNetwork net, TrainingState state) throws IOException {
        return save(net, state, String.format("stop-%04d-%06d", state.completedEpochs, state.batchesIntoEpoch));
    }

    private Saved save(MultiLayerNetwork net, TrainingState state, String name) throws IOException {
        Files.createDirectories(dir);
        Path model = dir.resolve(name + ".zip");
        Path json = dir.resolve(name + ".json");
        AtomicFiles.writeVia(model, tmp -> ModelFiles.write(net, tmp.toFile()));
        AtomicFiles.writeString(json, JSON.writeValueAsString(state));
        return new Saved(model, json, state);
    }

    /** The newest complete checkpoint (most training done), if any. */
    public Optional<Saved> latest() throws IOException {
        return all().stream().max(Comparator.comparingLong((Saved s) -> s.state().iteration)
                .thenComparing(s -> s.stateFile().getFileName().toString().startsWith("epoch")));
    }

    /** Every complete checkpoint except {@code best}, oldest first. */
    public List<Saved> all() throws IOException {
        List<Saved> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path json : files.filter(p -> p.getFileName().toString().matches("(epoch|stop)-[0-9-]+\\.json")).sorted().toList()) {
                Path model = dir.resolve(json.getFileName().toString().replace(".json", ".zip"));
                if (Files.isRegularFile(model)) {
                    out.add(new Saved(model, json, readState(json)));
                }
            }
        }
        return out;
    }

    /** Reads a checkpoint's state file. */
    public static TrainingState readState(Path json) throws IOException {
        try {
            return JSON.readValue(json.toFile(), TrainingState.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new CheckpointException(json, "not a cnnlab checkpoint state file (" + e.getOriginalMessage().split("\n")[0] + ")");
        }
    }

    /**
     * Restores a checkpoint's (or a final model's) network, with its updater state, for further
     * training or for use; its conv layers run as {@code fastConvolution} decides on this backend.
     */
    public static MultiLayerNetwork restore(Path model, RuntimeConfig.FastConvolution fastConvolution) {
        File f = model.toFile();
        try {
            return ModelFiles.read(f, fastConvolution);
        } catch (Exception e) {
            throw new CheckpointException(model, "cannot be read as a DL4J model file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]) + ")");
        }
    }

    private void prune() throws IOException {
        List<Saved> epochs = all().stream().filter(s -> s.model().getFileName().toString().startsWith("epoch-")).toList();
        for (int i = 0; i < epochs.size() - keep; i++) {
            Files.deleteIfExists(epochs.get(i).stateFile());
            Files.deleteIfExists(epochs.get(i).model());
        }
        // a stop checkpoint is superseded by any later epoch checkpoint
        if (!epochs.isEmpty()) {
            long newest = epochs.get(epochs.size() - 1).state().iteration;
            for (Saved s : all()) {
                if (s.model().getFileName().toString().startsWith("stop-") && s.state().iteration <= newest) {
                    Files.deleteIfExists(s.stateFile());
                    Files.deleteIfExists(s.model());
                }
            }
        }
    }
}
