package cnnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import cnnlab.config.RuntimeConfig;
import cnnlab.model.FastConvolution2DLayer;

/**
 * A model trained by cnnlab opens in a DL4J program that does not have cnnlab: model.zip stores DL4J's
 * standard ConvolutionLayer configuration, and a JVM whose class path is DL4J and ND4J only (the
 * dependencies in target/classpath.txt, without target/classes) loads it and computes the same outputs
 * as cnnlab, which runs its own fast layer on the same file.
 */
class PortableModelTest {

    private static final int BATCH = 3;

    @TempDir
    Path runs;

    @Test
    void modelZipLoadsInADl4jProgramWithoutCnnlabAndGivesTheSameOutputs() throws Exception {
        TrainingRun.Outcome o = TrainingRun.start(TinyRuns.config(runs, 1), null);
        Path model = o.dir().model();
        String json = PortableModels.configurationJson(model);
        assertFalse(json.contains("cnnlab."), "model.zip names no cnnlab class");
        assertTrue(json.contains("\"org.deeplearning4j.nn.conf.layers.ConvolutionLayer\""));

        MultiLayerNetwork ours = Checkpoints.restore(model, RuntimeConfig.FastConvolution.AUTO);
        assertInstanceOf(FastConvolution2DLayer.class, ours.getLayer(0), "cnnlab runs its own layer on the CPU");
        float[] expected = ours.output(input(BATCH, 1, 28, 28)).dup('c').data().asFloat();

        List<String> lines = runWithoutCnnlab(model);
        assertEquals("cnnlab-on-class-path false", lines.get(0));
        assertTrue(lines.contains("layer org.deeplearning4j.nn.layers.convolution.ConvolutionLayer"
                + " org.deeplearning4j.nn.conf.layers.ConvolutionLayer"), String.join("\n", lines));
        String out = lines.stream().filter(l -> l.startsWith("output ")).findFirst().orElseThrow();
        String[] cells = out.substring("output ".length()).split(" ");
        float[] actual = new float[cells.length];
        for (int i = 0; i < cells.length; i++) {
            actual[i] = Float.parseFloat(cells[i]);
        }
        assertEquals(BATCH * 10, actual.length);
        assertArrayEquals(expected, actual, 1e-5f, "DL4J's layer and cnnlab's agree to float rounding");
    }

    /** The input LoadWithoutCnnlab builds: cell i is {@code (i * 37 % 101) / 100}. */
    private static INDArray input(int b, int c, int h, int w) {
        float[] x = new float[b * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 37 % 101) / 100f;
        }
        return Nd4j.create(x, new long[] {b, c, h, w}, DataType.FLOAT);
    }

    /** Runs src/test/resources/portable/LoadWithoutCnnlab.java on the dependencies alone; its output lines. */
    private static List<String> runWithoutCnnlab(Path model) throws IOException, InterruptedException {
        Path cpFile = Path.of("target/classpath.txt");
        assertTrue(Files.isRegularFile(cpFile), "target/classpath.txt is written in generate-resources");
        List<String> entries = new ArrayList<>(Arrays.asList(Files.readString(cpFile).trim().split(File.pathSeparator)));
        entries.removeIf(e -> e.endsWith("target" + File.separator + "classes") || e.endsWith("test-classes") || e.isBlank());
        assertTrue(entries.stream().anyMatch(e -> e.contains("deeplearning4j-nn")), "DL4J is on the class path");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = Files.createTempFile(model.getParent(), "without-cnnlab", ".log");
        Process p = new ProcessBuilder(java.toString(), "-Xmx1g", "--class-path", String.join(File.pathSeparator, entries),
                "src/test/resources/portable/LoadWithoutCnnlab.java", model.toString(), String.valueOf(BATCH), "1", "28", "28")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the DL4J-only JVM finished");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.lines().filter(l -> l.startsWith("cnnlab-on-class-path") || l.startsWith("layer ") || l.startsWith("output ")).toList();
    }
}
