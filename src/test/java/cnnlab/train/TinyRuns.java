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
        return defaultYaml(settings);
    }

    /**
     * default.yaml as it is (LeNet-5, minibatch 64, Adam 0.003) on 2,400 training and 1,000 test images
     * of the bundled sample, 3 epochs, without dropout (so that averaging runs are reproducible): where
     * the data-parallel paths are held to within one point of one worker (one worker: about 92%, ten
     * seconds or so on 2 cores).
     */
    public static ExperimentConfig sample2400(Path runs, String name, String... more) {
        List<String> settings = new ArrayList<>(List.of("name=" + name, "training.epochs=3", "data.trainLimit=2400",
                "data.testLimit=1000", "model.layers[4].dropout=0", "output.plots=false", "output.runsDir=" + runs));
        settings.addAll(List.of(more));
        return defaultYaml(settings);
    }

    /**
     * The README's first run as it is (configs/default.yaml: all 7,196 training and 2,004 test images of
     * the bundled sample, 8 epochs, dropout), without plots, under {@code runs}: about 97.4% in 20 seconds
     * or so on 2 cores.
     */
    public static ExperimentConfig readme(Path runs, String name, String... more) {
        List<String> settings = new ArrayList<>(List.of("name=" + name, "output.plots=false", "output.runsDir=" + runs));
        settings.addAll(List.of(more));
        return defaultYaml(settings);
    }

    /** configs/default.yaml with {@code settings} applied as {@code --set} would. */
    private static ExperimentConfig defaultYaml(List<String> settings) {
        Path file = Path.of("configs/default.yaml");
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(file));
        ConfigTree.apply(tree, settings, file);
        return ConfigLoader.fromTree(tree, file);
    }
}
