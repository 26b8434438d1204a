package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ConfigTree;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.DatasetCatalog;

/**
 * configs/fashion-mnist.yaml trains on the full-size Fashion-MNIST that Debian's
 * {@code dataset-fashion-mnist} installs (CI installs it): one short epoch on a slice, to keep the
 * suite fast; the full run's numbers are in docs/training.md.
 */
@Tag("integration")
class FashionMnistTrainingTest {

    @TempDir
    Path runs;

    @Test
    void trainsFromDebiansPackage() throws IOException {
        Path dir = DatasetCatalog.fashionMnistDir();
        Assumptions.assumeTrue(Files.isDirectory(dir), "Fashion-MNIST is not installed at " + dir
                + " (apt-get install dataset-fashion-mnist)");
        Path file = Path.of("configs/fashion-mnist.yaml");
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(file));
        ConfigTree.apply(tree, java.util.List.of("training.epochs=1", "data.trainLimit=3000", "data.testLimit=1000",
                "output.runsDir=" + runs), file);
        ExperimentConfig c = ConfigLoader.fromTree(tree, file);
        TrainingRun.Outcome o = TrainingRun.start(c, file);
        assertTrue(o.finished());
        assertTrue(Files.readString(o.dir().log()).contains("2700 training, 300 validation, 1000 test images from fashion-mnist"));
        assertTrue(o.testAccuracy() > 0.5, "Fashion-MNIST after one short epoch: " + o.testAccuracy());
    }
}
