package cnnlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Sweeps expand to named, validated configs; --set-style paths change one value. */
class SweepTest {

    @TempDir
    Path dir;

    @Test
    void shippedSweepExpandsToFourNamedConfigs() {
        Sweep s = Sweep.load(Path.of("configs/sweep-lr-pooling.yaml"));
        assertEquals(4, s.members().size());
        ExperimentConfig third = s.members().get(2).config();
        assertEquals("lr-pooling-02-0.003-max", third.name);
        assertEquals(0.003, third.training.optimizer.learningRate);
        assertEquals(PoolingName.MAX, third.model.layers.get(1).pooling);
        assertEquals(PoolingName.AVG, s.members().get(3).config().model.layers.get(3).pooling);
        assertEquals(LayerConfig.LayerType.CONV, third.model.layers.get(0).type, "conv layers untouched by [*].pooling");
        assertTrue(Sweep.isSweep(Path.of("configs/sweep-lr-pooling.yaml")));
    }

    @Test
    void invalidMemberNamesTheGridValue() throws IOException {
        Files.copy(Path.of("configs/default.yaml"), dir.resolve("default.yaml"));
        Path sweep = Files.writeString(dir.resolve("s.yaml"), "sweep: s\nbase: default.yaml\ngrid:\n  training.epochs: [1, 0]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.load(sweep));
        assertTrue(e.getMessage().contains("training.epochs: expected 1 or more, got 0"), e.getMessage());
    }

    @Test
    void unknownGridPathIsRefused() throws IOException {
        Files.copy(Path.of("configs/default.yaml"), dir.resolve("default.yaml"));
        Path sweep = Files.writeString(dir.resolve("s.yaml"), "sweep: s\nbase: default.yaml\ngrid:\n  training.epoch: [1, 2]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Sweep.load(sweep));
        assertTrue(e.getMessage().contains("grid.training.epoch: does not name a field"), e.getMessage());
        Path typo = Files.writeString(dir.resolve("t.yaml"), "sweep: s\nbase: default.yaml\ngird: {}\n");
        assertTrue(assertThrows(ConfigException.class, () -> Sweep.load(typo)).getMessage().contains("did you mean 'grid'?"));
    }

    @Test
    void setOverridesOneValue() {
        ExperimentConfig c = ConfigLoader.load(Path.of("configs/default.yaml"));
        ObjectNode tree = (ObjectNode) ConfigLoader.toTree(c);
        ConfigTree.apply(tree, List.of("training.epochs=2", "model.layers[0].filters=8", "data.normalisation=standardize"),
                Path.of("configs/default.yaml"));
        ExperimentConfig changed = ConfigLoader.fromTree(tree, Path.of("configs/default.yaml"));
        assertEquals(2, changed.training.epochs);
        assertEquals(8, changed.model.layers.get(0).filters);
        assertEquals(cnnlab.data.Normalisation.STANDARDIZE, changed.data.normalisation);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigTree.apply(tree, List.of("training.epochz=2"), Path.of("x.yaml")));
        assertTrue(e.getMessage().contains("--set training.epochz"), e.getMessage());
    }
}
