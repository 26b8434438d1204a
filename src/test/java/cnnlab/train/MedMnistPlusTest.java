package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cnnlab.config.ConfigLoader;
import cnnlab.config.ConfigTree;
import cnnlab.config.ExperimentConfig;
import cnnlab.data.DataFileException;
import cnnlab.data.DatasetCatalog;
import cnnlab.data.Npz;
import cnnlab.data.NpzDataset;

/**
 * MedMNIST+'s larger files ({@code {flag}_64.npz}, {@code _224.npz}, same layout): found by name,
 * checked for the side their name promises, and trained with the 64- and 224-pixel configs (on small
 * synthetic files in the exact layout; augmentation on), each run with its intervals, calibration and
 * report.
 */
class MedMnistPlusTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearStop() {
        StopSignal.clear();
    }

    @Test
    void sizedNamesAreLookedForLikeTheirFiles() throws IOException {
        Path project = dir.resolve("project");
        DataFileException missing = assertThrows(DataFileException.class, () -> DatasetCatalog.find("pneumoniamnist_64", project));
        assertEquals(project.resolve("data/medmnist/pneumoniamnist_64.npz") + ": not found; fetch it with data/fetch-medmnist.sh "
                + "--size 64 pneumoniamnist (needs internet, e.g. on Greene; nothing is downloaded at run time), or set data.dataset to "
                + "the path of a copy", missing.getMessage());
        Path file = Files.createDirectories(project.resolve("data/medmnist")).resolve("pneumoniamnist_224.npz");
        Files.writeString(file, "x");
        NpzDataset d = (NpzDataset) DatasetCatalog.find("PneumoniaMNIST_224", project);
        assertEquals(file, d.file());
        assertEquals("pneumoniamnist", d.info().name(), "checked against PneumoniaMNIST's facts");
    }

    @Test
    void aFileOfAnotherSideThanItsNameIsRefused() {
        Path wrong = Npz.write(dir.resolve("pneumoniamnist_64.npz"), 1, 28, 28, 2, false, new int[] {4, 2, 2}, 1);
        DataFileException e = assertThrows(DataFileException.class, () -> DatasetCatalog.find(wrong.toString(), dir).load());
        assertEquals(wrong + ": images are 28x28 but the file name promises 64x64 (MedMNIST+'s pneumoniamnist_64); is it another "
                + "size's file under this name?", e.getMessage());
    }

    private ExperimentConfig config(String file, String... more) {
        Path path = Path.of(file);
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(ConfigLoader.load(path));
        List<String> settings = new ArrayList<>(List.of("output.runsDir=" + dir.resolve("runs"), "training.epochs=1",
                "output.keepCheckpoints=1", "analysis.bootstrapResamples=200"));
        settings.addAll(List.of(more));
        ConfigTree.apply(tree, settings, path);
        return ConfigLoader.fromTree(tree, path);
    }

    @Test
    void the64PixelConfigTrains() throws IOException {
        Path npz = Npz.write(dir.resolve("synthetic_64.npz"), 1, 64, 64, 2, false, new int[] {96, 32, 48}, 4);
        TrainingRun.Outcome o = TrainingRun.start(config("configs/pneumoniamnist-64.yaml", "data.dataset=" + npz), null);
        assertTrue(o.finished());
        JsonNode m = new ObjectMapper().readTree(o.dir().metricsJson().toFile());
        assertTrue(m.at("/analysis/intervals/auc/low").isNumber(), m.toString());
        assertTrue(m.at("/analysis/calibration/temperatureScaling/temperature").isNumber(), "the config fits a temperature");
        assertTrue(Files.readString(o.dir().log()).contains("augmentation of the training images: flips, shifts up to 3 px"));
        assertTrue(Files.isRegularFile(o.dir().root().resolve("report.html")));
        assertTrue(Files.isRegularFile(o.dir().root().resolve("gradcam-gallery.png")));
    }

    @Test
    void the224PixelConfigTrainsInColourWithTurns() throws IOException {
        Path npz = Npz.write(dir.resolve("synthetic_224.npz"), 3, 224, 224, 3, false, new int[] {32, 8, 16}, 5);
        TrainingRun.Outcome o = TrainingRun.start(config("configs/pneumoniamnist-224.yaml", "data.dataset=" + npz,
                "data.augmentation.rotations=true", "training.classWeights=none"), null);
        assertTrue(o.finished());
        ExperimentConfig used = ConfigLoader.load(o.dir().config());
        assertEquals(3, used.model.input.channels, "colour from the data");
        assertEquals(224, used.model.input.height);
        assertTrue(Files.readString(o.dir().log()).contains("flips, 90-degree turns, shifts up to 8 px"));
        assertTrue(Files.isRegularFile(o.dir().root().resolve("report.html")));
    }
}
