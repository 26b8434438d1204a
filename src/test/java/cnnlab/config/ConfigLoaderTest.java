package cnnlab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict reading of configs: every bad input is one line with file, field and what was expected. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"default", "lenet5-lab", "lenet-dl4j", "fashion-mnist"})
    void shippedConfigsLoad(String name) {
        ExperimentConfig c = ConfigLoader.load(Path.of("configs/" + name + ".yaml"));
        assertEquals(name, c.name);
    }

    @Test
    void lenet5LabIsTheNotebooksNetwork() {
        ExperimentConfig c = ConfigLoader.load(Path.of("configs/lenet5-lab.yaml"));
        assertEquals(OptimizerConfig.Type.SGD, c.training.optimizer.type);
        assertEquals(0.001, c.training.optimizer.learningRate);
        assertEquals(0.9, c.training.optimizer.momentum);
        assertEquals(64, c.training.batchSize);
        assertEquals(10, c.training.epochs);
        assertEquals(6, ((ConvLayerConfig) c.model.layers.get(0)).filters);
        assertEquals(84, ((DenseLayerConfig) c.model.layers.get(5)).units);
    }

    @Test
    void defaultsAreFilledInAndRoundTrip() throws IOException {
        ExperimentConfig c = load("name: tiny\n");
        assertEquals(42, c.seed);
        assertEquals(2, ((PoolLayerConfig) c.model.layers.get(1)).stride, "pool stride defaults to its size");
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("optimizer:"), yaml);
        assertTrue(yaml.contains("pooling: max"), yaml);
        Path again = Files.writeString(dir.resolve("again.yaml"), yaml);
        assertEquals(yaml, ConfigLoader.toYaml(ConfigLoader.load(again)));
    }

    @Test
    void unknownKeySuggestsTheNearest() {
        assertError("trainng:\n  epochs: 2\n", "bad.yaml: trainng: unknown key; did you mean 'training'?");
        assertError("training:\n  batchsize: 2\n", "bad.yaml: training.batchsize: unknown key; did you mean 'batchSize'?");
        assertError("model:\n  layers:\n    - {type: conv, filtres: 6, kernel: 5}\n",
                "bad.yaml: model.layers[0].filtres: unknown key; did you mean 'filters'?");
    }

    @Test
    void wrongTypesAreRefused() {
        assertError("training:\n  epochs: \"3\"\n", "bad.yaml: training.epochs: expected a whole number");
        assertError("training:\n  epochs: 2.5\n", "bad.yaml: training.epochs: expected a whole number");
        assertError("training:\n  optimizer: {learningRate: fast}\n", "bad.yaml: training.optimizer.learningRate: expected a number");
        assertError("model:\n  layers:\n    - {type: pool, pooling: median, size: 2}\n",
                "bad.yaml: model.layers[0].pooling: expected one of max, avg, sum, got 'median'");
        assertError("training: 5\n", "bad.yaml: training: expected a mapping");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertError("training:\n  epochs: 0\n", "bad.yaml: training.epochs: expected 1 or more, got 0");
        assertError("training:\n  batchSize: -1\n", "bad.yaml: training.batchSize: expected 1 or more, got -1");
        assertError("training:\n  optimizer: {learningRate: 0}\n", "bad.yaml: training.optimizer.learningRate: expected a number > 0, got 0.0");
        assertError("data:\n  validationFraction: 0.9\n", "bad.yaml: data.validationFraction: expected a number from 0 to 0.5, got 0.9");
        assertError("name: \"my run\"\n", "bad.yaml: name: expected 1 to 64 letters");
    }

    @Test
    void aPoolLargerThanItsInputIsRefused() {
        assertError("model:\n  layers:\n    - {type: conv, filters: 6, kernel: 5}\n    - {type: pool, size: 30}\n",
                "bad.yaml: model.layers[1]: max pool 30x30 does not fit its 24x24 input");
    }

    @Test
    void aStackThatDoesNotFit28x28IsRefused() {
        assertError("model:\n  layers:\n    - {type: conv, filters: 6, kernel: 5}\n    - {type: pool, size: 2}\n"
                + "    - {type: conv, filters: 16, kernel: 5}\n    - {type: pool, size: 2}\n    - {type: conv, filters: 16, kernel: 5}\n",
                "bad.yaml: model.layers[4]: conv 5x5 does not fit its 4x4 input");
    }

    @Test
    void settingsOfAnotherLayerTypeAreRefused() {
        assertError("model:\n  layers:\n    - {type: conv, filters: 6, kernel: 5, units: 3}\n",
                "bad.yaml: model.layers[0].units: not a setting of a conv layer");
        assertError("model:\n  layers:\n    - {type: dense, units: 10}\n    - {type: conv, filters: 6, kernel: 1}\n",
                "bad.yaml: model.layers[1].type: expected dense layers last");
        assertError("model:\n  layers:\n    - {filters: 6, kernel: 5}\n", "bad.yaml: model.layers[0].type: expected conv, pool or dense");
        assertError("model:\n  layers:\n    - {type: cnv, filters: 6, kernel: 5}\n",
                "bad.yaml: model.layers[0].type: expected conv, pool or dense, got 'cnv'");
        assertError("model:\n  layers:\n    - {type: pool, size: 2, dropout: 0.5}\n", "bad.yaml: model.layers[0].dropout: not a setting of "
                + "a pool layer (its settings: pooling, size, stride, padding, convolutionMode, includePadInDivisor)");
        assertError("model:\n  layers:\n    - {type: dense, units: 10, kernel: 3}\n",
                "bad.yaml: model.layers[0].kernel: not a setting of a dense layer (its settings: units, activation, dropout)");
    }

    @Test
    void layerTypesAreReadInAnyCaseAndWrittenAsPlainKeys() throws IOException {
        ExperimentConfig c = load("model:\n  layers:\n    - {type: CONV, filters: 6, kernel: 5}\n    - {type: Pool, size: 2}\n"
                + "    - {type: dense, units: 10}\n");
        assertEquals(List.of(ConvLayerConfig.class, PoolLayerConfig.class, DenseLayerConfig.class),
                c.model.layers.stream().map(Object::getClass).toList());
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("  - type: conv\n    filters: 6\n    kernel: 5\n    stride: 1\n"), yaml);
        assertFalse(yaml.contains("!<"), "no YAML type tags: " + yaml);
    }

    @Test
    void brokenFilesAreRefused() throws IOException {
        assertEquals(dir.resolve("none.yaml") + ": file not found",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.yaml"))).getMessage());
        assertError("", "bad.yaml: the file is empty");
        assertError("training:\n  epochs: [\n", "not valid YAML");
        assertError("seed: 1\nseed: 2\n", "bad.yaml: ");
        assertError("- a\n- b\n", "expected a YAML mapping");
    }

    @Test
    void sameModeWithPaddingIsRefused() {
        assertError("model:\n  convolutionMode: same\n  layers:\n    - {type: conv, filters: 6, kernel: 5, padding: 2}\n",
                "bad.yaml: model.layers[0].padding: expected 0 with convolutionMode same");
    }

    @Test
    void settingsThatDl4jCannotUseAreRefused() {
        assertError("model:\n  weightInit: distribution\n", "bad.yaml: model.weightInit: expected one of");
        assertError("training:\n  l2: 0.001\n  weightDecay: 0.001\n", "bad.yaml: training.weightDecay: expected 0 when training.l2 is set");
        assertError("training:\n  epochs:\n", "bad.yaml: training.epochs: has no value");
    }

    @Test
    void overridesApplyBeforeDefaultsAreDerived() {
        ExperimentConfig c = ConfigLoader.load(Path.of("configs/default.yaml"), java.util.List.of("model.layers[*].size=3",
                "training.schedule.type=step"));
        assertEquals(3, ((PoolLayerConfig) c.model.layers.get(1)).size);
        assertEquals(3, ((PoolLayerConfig) c.model.layers.get(1)).stride, "a pool's stride follows its size");
        assertEquals(ScheduleConfig.Type.STEP, c.training.schedule.type);
        ConfigException typo = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Path.of("configs/default.yaml"), java.util.List.of("training.batchsize=3")));
        assertTrue(typo.getMessage().contains("training.batchsize: unknown key; did you mean 'batchSize'?"), typo.getMessage());
    }

    /** runtime.fastConvolution: auto (default), or the booleans of configs written before auto existed. */
    @Test
    void fastConvolutionIsAutoTrueOrFalse() throws IOException {
        assertEquals(RuntimeConfig.FastConvolution.AUTO, load("name: a\n").runtime.fastConvolution);
        assertEquals(RuntimeConfig.FastConvolution.TRUE, load("runtime:\n  fastConvolution: true\n").runtime.fastConvolution);
        assertEquals(RuntimeConfig.FastConvolution.FALSE, load("runtime:\n  fastConvolution: false\n").runtime.fastConvolution);
        assertEquals(RuntimeConfig.FastConvolution.AUTO, load("runtime:\n  fastConvolution: Auto\n").runtime.fastConvolution);
        for (RuntimeConfig.FastConvolution f : RuntimeConfig.FastConvolution.values()) {
            ExperimentConfig c = load("runtime:\n  fastConvolution: " + f + "\n");
            String yaml = ConfigLoader.toYaml(c);
            assertTrue(yaml.contains("fastConvolution: " + f + "\n"), yaml);
            assertEquals(f, load(yaml).runtime.fastConvolution, "written back and read again");
        }
        assertError("runtime:\n  fastConvolution: sometimes\n", "bad.yaml: runtime.fastConvolution:");
        assertError("runtime:\n  fastConvolution: 1\n", "bad.yaml: runtime.fastConvolution:");
    }

    private ExperimentConfig load(String yaml) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("ok.yaml"), yaml));
    }

    private void assertError(String yaml, String expectedStart) {
        Path file;
        try {
            file = Files.writeString(dir.resolve("bad.yaml"), yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        String message = e.getMessage().replace(dir.toString() + "/", "");
        assertTrue(message.startsWith(expectedStart) || message.contains(expectedStart), "got: " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
    }
}
