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
        assertEquals(PoolingName.MAX, ((PoolLayerConfig) third.model.layers.get(1)).pooling);
        assertEquals(PoolingName.AVG, ((PoolLayerConfig) s.members().get(3).config().model.layers.get(3)).pooling);
        assertEquals(LayerConfig.LayerType.CONV, third.model.layers.get(0).type, "conv layers untouched by [*].pooling");
        assertTrue(Sweep.isSweep(Path.of("configs/sweep-lr-pooling.yaml")));
    }

    @Test
    void sweepingPoolingOverABaseWithAnAveragePoolWorks() throws IOException {
        Path base = Files.writeString(dir.resolve("avg.yaml"), "name: avg\nmodel:\n  layers:\n    - {type: conv, filters: 2, kernel: 5}\n"
                + "    - {type: pool, pooling: avg, size: 2}\n");
        Path sweep = Files.writeString(dir.resolve("s.yaml"), "sweep: s\nbase: avg.yaml\ngrid:\n  model.layers[*].pooling: [max, avg]\n");
        Sweep s = Sweep.load(sweep);
        assertEquals(PoolingName.MAX, ((PoolLayerConfig) s.members().get(0).config().model.layers.get(1)).pooling);
        assertEquals(null, ((PoolLayerConfig) s.members().get(0).config().model.layers.get(1)).includePadInDivisor);
        assertEquals(false, ((PoolLayerConfig) s.members().get(1).config().model.layers.get(1)).includePadInDivisor);
        assertTrue(base.toFile().exists());
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
        assertTrue(e.getMessage().contains("training.epoch: unknown key; did you mean 'epochs'?"), e.getMessage());
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
        assertEquals(8, ((ConvLayerConfig) changed.model.layers.get(0)).filters);
        assertEquals(cnnlab.data.Normalisation.STANDARDIZE, changed.data.normalisation);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("configs/default.yaml"), List.of("training.epochz=2")));
        assertTrue(e.getMessage().contains("training.epochz: unknown key; did you mean 'epochs'?"), e.getMessage());
        ConfigException index = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("configs/default.yaml"), List.of("model.layers[9].size=2")));
        assertTrue(index.getMessage().contains("--set model.layers[9].size: index 9 is outside the list of 6"), index.getMessage());
    }
}
