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

import cnnlab.config.RuntimeConfig;
import cnnlab.io.AtomicFiles;
import cnnlab.records.RunFileException;
import cnnlab.records.RunJson;
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
        String name = String.format("epoch-%04d", state.completedEpochs);
        Path model = saveModel(net, name);
        if (best) {
            // before the epoch's state file, which makes the checkpoint count: if this fails (a full disk), the
            // run resumes from the previous checkpoint and trains this epoch again, so best.zip is never older
            // than the best epoch that a checkpoint (and later metrics.json) names
            AtomicFiles.writeVia(dir.resolve("best.zip"),
                    tmp -> Files.copy(model, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
            writeState(dir.resolve("best.json"), state);
        }
        Saved saved = saveState(model, state, name);
        prune();
        return saved;
    }

    /** Saves a checkpoint taken when a run is stopped in the middle of an epoch. */
    public Saved saveStop(MultiLayerNetwork net, TrainingState state) throws IOException {
        return save(net, state, String.format("stop-%04d-%06d", state.completedEpochs, state.batchesIntoEpoch));
    }

    private Saved save(MultiLayerNetwork net, TrainingState state, String name) throws IOException {
        return saveState(saveModel(net, name), state, name);
    }

    private Path saveModel(MultiLayerNetwork net, String name) throws IOException {
        Path model = dir.resolve(name + ".zip");
        AtomicFiles.writeVia(model, tmp -> ModelFiles.write(net, tmp.toFile()));
        return model;
    }

    private Saved saveState(Path model, TrainingState state, String name) throws IOException {
        Path json = dir.resolve(name + ".json");
        writeState(json, state);
        return new Saved(model, json, state);
    }

    /** Writes a state file in this version's format. */
    private static void writeState(Path json, TrainingState state) throws IOException {
        state.schemaVersion = RunJson.SCHEMA_VERSION;
        RunJson.write(json, state);
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

    /**
     * The checkpoints of which one file is missing, newer than {@code used}: "stop-0001-000005.zip
     * (its .json is missing)". A write killed between the two files leaves such a half; so does a
     * file deleted by hand. Resuming then starts from an older checkpoint, which the user should see.
     */
    public List<String> incompleteNewerThan(Saved used) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        String usedKey = order(used.stateFile().getFileName().toString());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                java.util.regex.Matcher m = HALF.matcher(name);
                if (!m.matches()) {
                    continue;
                }
                String other = m.group(1) + (m.group(2).equals("zip") ? ".json" : ".zip");
                if (!Files.exists(dir.resolve(other)) && order(m.group(1) + ".json").compareTo(usedKey) > 0) {
                    out.add(name + " (" + other + " is missing)");
                }
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern HALF = java.util.regex.Pattern.compile("((?:epoch|stop)-[0-9-]+)\\.(zip|json)");

    /** A sort key of a checkpoint's name by training done: epochs, then minibatches into the next, epoch before stop. */
    private static String order(String jsonName) {
        java.util.regex.Matcher m = NAME.matcher(jsonName);
        if (!m.matches()) {
            return "";
        }
        return String.format("%010d-%010d-%s", Long.parseLong(m.group(2)), m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                m.group(1).equals("epoch") ? "1" : "0");
    }

    /** Reads a checkpoint's state file. */
    public static TrainingState readState(Path json) throws IOException {
        TrainingState state;
        try {
            state = RunJson.read(json, TrainingState.class);
        } catch (RunFileException e) {
            throw new CheckpointException(json, "not a cnnlab checkpoint state file (" + e.reason() + ")");
        }
        String problem = problem(state, json.getFileName().toString());
        if (problem != null) {
            throw new CheckpointException(json, problem + " (a damaged checkpoint; move it away to resume from the one before)");
        }
        return state;
    }

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("(epoch|stop)-([0-9]+)(?:-([0-9]+))?\\.json");

    /** What is impossible in a checkpoint's state ("field: expected ..., got ..."), or {@code null}. */
    static String problem(TrainingState s, String fileName) {
        if (s == null) {
            return "empty: expected a JSON object";
        }
        if (s.completedEpochs < 0) {
            return "completedEpochs: expected 0 or more, got " + s.completedEpochs;
        }
        if (s.batchesIntoEpoch < 0) {
            return "batchesIntoEpoch: expected 0 or more, got " + s.batchesIntoEpoch;
        }
        if (s.iteration < s.batchesIntoEpoch) {
            return "iteration: expected at least batchesIntoEpoch (" + s.batchesIntoEpoch + "), got " + s.iteration;
        }
        if (s.partialImages < 0 || !(s.partialSeconds >= 0) || !Double.isFinite(s.partialLossSum)) {
            return "partialImages, partialSeconds, partialLossSum: expected finite numbers of 0 or more, got " + s.partialImages
                    + ", " + s.partialSeconds + ", " + s.partialLossSum;
        }
        if (s.history == null || s.history.size() != s.completedEpochs) {
            return "history: expected one entry per completed epoch (" + s.completedEpochs + "), got "
                    + (s.history == null ? "none" : s.history.size());
        }
        if (s.bestEpoch < 0 || s.bestEpoch > s.completedEpochs) {
            return "bestEpoch: expected 0 to completedEpochs (" + s.completedEpochs + "), got " + s.bestEpoch;
        }
        if (s.model == null) {
            return "model: missing (the fingerprint of the network the checkpoint belongs to)";
        }
        java.util.regex.Matcher m = NAME.matcher(fileName);
        if (m.matches()) {
            long epochs = Long.parseLong(m.group(2));
            long batches = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            if (epochs != s.completedEpochs || batches != s.batchesIntoEpoch) {
                return "completedEpochs " + s.completedEpochs + ", batchesIntoEpoch " + s.batchesIntoEpoch
                        + ": expected " + epochs + " and " + batches + " as the file name says";
            }
        }
        return null;
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
