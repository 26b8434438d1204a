package cnnlab.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ConfigTree;
import cnnlab.config.ExperimentConfig;

/** Small, fast configs on the bundled sample for training tests (a few seconds each on 2 cores). */
public final class TinyRuns {

    private TinyRuns() {
    }

    /** default.yaml shrunk: 640 training images, 200 test images, small layers, the given epochs, runs under {@code runs}. */
    public static ExperimentConfig config(Path runs, int epochs, String... more) {
        List<String> settings = new ArrayList<>(List.of(
                "name=tiny", "training.epochs=" + epochs, "training.batchSize=32", "data.trainLimit=640", "data.testLimit=200",
                "data.validationFraction=0.25", "model.layers[0].filters=4", "model.layers[2].filters=8",
                "model.layers[4].units=32", "model.layers[5].units=16", "output.runsDir=" + runs, "output.keepCheckpoints=1",
                "output.logEveryBatches=5"));
        settings.addAll(List.of(more));
        Path file = Path.of("configs/default.yaml");
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(file));
        ConfigTree.apply(tree, settings, file);
        return ConfigLoader.fromTree(tree, file);
    }
}
