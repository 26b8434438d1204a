package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cnnlab.data.Normalisation;
import cnnlab.data.Normaliser;
import cnnlab.data.Npz;
import cnnlab.model.OutputHead;
import cnnlab.records.DatasetFacts;
import cnnlab.records.Environment;
import cnnlab.records.NormalisationFile;
import cnnlab.records.RunInfo;
import cnnlab.records.RunJson;
import cnnlab.records.RunMetrics;
import cnnlab.train.Checkpoints;
import cnnlab.train.RunTable;
import cnnlab.train.TrainingState;

/**
 * Run directories written before the run files had a {@code schemaVersion} (src/test/resources/cnnlab/records/runs-v0,
 * written by cnnlab at commit 7ed68e1: see its README.md) still read: as records, in the runs table
 * (exactly the table that code printed), by {@code evaluate} (the same metrics as the run's own
 * metrics.json), and by {@code train --resume} (the metrics of the uninterrupted run).
 */
class OldRunDirectoriesTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    @TempDir
    Path dir;

    Path runs;

    @BeforeEach
    void copyTheFixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(OldRunDirectoriesTest.class.getResource("/cnnlab/records/runs-v0").toURI());
        runs = dir.resolve("runs");
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.toList()) {
                Path to = runs.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else if (!f.getFileName().toString().equals("README.md")) {
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private Path run(String name) {
        return runs.resolve(name);
    }

    private static JsonNode plain(Path file) throws IOException {
        return PLAIN.readTree(file.toFile());
    }

    @Test
    void everyOldFileReadsAsItsRecord() throws IOException {
        RunInfo info = RunJson.read(run("tiny-finished").resolve("run.json"), RunInfo.class);
        assertEquals(0, info.schemaVersion(), "written before schemaVersion");
        assertEquals("tiny", info.name());
        assertEquals("finished", info.status());
        assertEquals("configs/default.yaml", info.source());
        assertEquals(2, info.statusHistory().size());
        assertEquals("stopped", RunJson.read(run("tiny-stopped").resolve("run.json"), RunInfo.class).status());

        Environment env = RunJson.read(run("tiny-finished").resolve("environment.json"), Environment.class);
        assertEquals("cpu", env.backend());
        assertEquals("1.0.0-M2.1", env.dl4jVersion());
        assertEquals("CpuBackend", env.nd4jBackend());
        assertEquals(new Environment.Workspaces("ENABLED", "ENABLED"), env.workspaceMode());
        assertTrue(env.slurm().none());

        RunMetrics mnist = RunJson.read(run("tiny-finished").resolve("metrics.json"), RunMetrics.class);
        JsonNode raw = plain(run("tiny-finished").resolve("metrics.json"));
        assertEquals(raw.get("testAccuracy").asDouble(), mnist.test().accuracy());
        assertEquals(raw.get("bestEpoch").asInt(), mnist.bestEpoch());
        assertEquals(10, mnist.test().perClass().size());
        assertEquals(raw.get("perClass").get(3).get("f1").asDouble(), mnist.test().perClass().get(3).f1());
        assertEquals(raw.get("confusionMatrix").get(2).get(2).asInt(), mnist.test().confusionMatrix()[2][2]);
        assertNull(mnist.test().medical(), "an MNIST run has no MedMNIST metrics");

        RunMetrics medical = RunJson.read(run("binary-medical").resolve("metrics.json"), RunMetrics.class);
        JsonNode m = plain(run("binary-medical").resolve("metrics.json"));
        assertEquals("binary-class", medical.test().medical().task());
        assertEquals(m.get("auc").asDouble(), medical.auc());
        assertEquals(m.get("sensitivity").asDouble(), medical.test().medical().sensitivityOrNaN());
        assertEquals(m.get("counts").get("falseNegatives").asLong(), medical.test().medical().binary().counts().falseNegatives());
        assertEquals(m.get("rocCurve").get("truePositiveRate").size(), medical.test().medical().binary().rocCurve().truePositiveRate().length);
        assertArrayEquals(new double[] {1.6, 0.7272727272727273}, medical.test().medical().classWeights());

        NormalisationFile norm = RunJson.read(run("tiny-finished").resolve("normalisation.json"), NormalisationFile.class);
        assertEquals(0, norm.schemaVersion());
        assertEquals(new Normaliser(Normalisation.STANDARDIZE, 0.13098133003201282, 0.3084496715740042), norm.normaliser());

        DatasetFacts facts = RunJson.read(run("binary-medical").resolve("dataset.json"), DatasetFacts.class);
        assertEquals("binary-class", facts.task());
        assertEquals(List.of("0", "1"), facts.classNames());
        assertArrayEquals(new int[] {30, 66}, facts.trainClassCounts());
        assertArrayEquals(new double[] {1.6, 0.7272727272727273}, facts.classWeights());
    }

    @Test
    void oldCheckpointsKeepTheirOutputLayerAsATypedValue() throws IOException {
        TrainingState weighted = Checkpoints.readState(run("binary-medical").resolve("checkpoints/epoch-0001.json"));
        assertEquals(0, weighted.schemaVersion);
        assertEquals(new OutputHead(false, new double[] {1.6, 0.7272727272727273}), weighted.model.outputHead(),
                "read from the text 'softmax, cross-entropy, class weights [1.6, 0.7272727272727273]'");
        assertEquals("1x28x28 conv4k5-maxpool2-conv8k5-maxpool2-dense32-dense16-out2", weighted.model.description());
        TrainingState stop = Checkpoints.readState(run("tiny-stopped").resolve("checkpoints/stop-0001-000010.json"));
        assertEquals(OutputHead.softmax(), stop.model.outputHead());
        assertEquals("09390d9af765c008172647e6", stop.model.architecture());
        assertEquals(10, stop.batchesIntoEpoch);
        assertEquals(1, stop.history.size());
        assertTrue(Double.isNaN(stop.history.get(0).validationAuc()), "\"NaN\" in the file");
    }

    @Test
    void theRunsTableIsTheOneTheOldCodePrinted() throws IOException {
        // ./cnnlab runs on these directories with cnnlab at commit 7ed68e1, before the records
        String expected = String.join("\n",
                "run                                          status     epochs   best val      test     auc   sens   spec      time  config",
                "binary-medical                               finished   1/1        40.63%    47.92%   0.891  0.219  1.000      0:02  configs/pneumoniamnist.yaml",
                "tiny-finished                                finished   2/2        35.63%    31.00%       -      -      -      0:14  configs/default.yaml",
                "tiny-stopped                                 stopped    1/2        23.13%         -       -      -      -      0:14  configs/default.yaml",
                "");
        assertEquals(expected, RunTable.table(RunTable.read(runs)));
        CliRun table = CliRun.of("runs", runs.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertEquals(expected, table.out());
    }

    @Test
    void evaluateReadsAnOldMedicalRunAndFindsItsOwnMetrics() throws IOException {
        // the data of the run, made again as it was (see the fixture's README.md)
        Path npz = Npz.write(dir.resolve("pneumonia-like.npz"), 1, 28, 28, 2, false, new int[] {96, 32, 48}, 11);
        CliRun eval = CliRun.of("evaluate", run("binary-medical").toString(), "--data", npz.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        JsonNode now = PLAIN.readTree(eval.out());
        JsonNode then = plain(run("binary-medical").resolve("metrics.json"));
        assertEquals(RunJson.SCHEMA_VERSION, now.get("schemaVersion").asInt());
        for (String field : List.of("testImages", "testAccuracy", "acc", "auc", "sensitivity", "specificity", "macroF1")) {
            assertEquals(then.get(field).asDouble(), now.get(field).asDouble(), 1e-6, field);
        }
        assertEquals(then.get("confusionMatrix"), now.get("confusionMatrix"));
        assertEquals(then.get("counts"), now.get("counts"));
        assertEquals(then.get("rocCurve").get("truePositiveRate"), now.get("rocCurve").get("truePositiveRate"));

        CliRun mnist = CliRun.of("evaluate", run("tiny-finished").toString(), "--model", "best");
        assertEquals(0, mnist.exitCode(), mnist.err());
        assertTrue(mnist.out().contains("on mnist-sample (2004 test images): accuracy "), mnist.out());
    }

    @Test
    void resumingAnOldStoppedRunEndsWithTheMetricsOfTheUninterruptedRun() throws IOException {
        CliRun resumed = CliRun.of("train", "--resume", run("tiny-stopped").toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        JsonNode uninterrupted = plain(run("tiny-finished").resolve("metrics.json"));
        RunMetrics metrics = RunJson.read(run("tiny-stopped").resolve("metrics.json"), RunMetrics.class);
        assertEquals(RunJson.SCHEMA_VERSION, metrics.schemaVersion());
        // the uninterrupted run was computed by the code of 7ed68e1; since then Adam's update is a Java loop
        // and the conv bias rides in the matrix product (bench/NOTES.md section 9), which round the last
        // bits of a float differently: a resume that lost state or data position would miss by far more
        assertEquals(uninterrupted.get("testAccuracy").asDouble(), metrics.test().accuracy());
        assertEquals(uninterrupted.get("testLoss").asDouble(), metrics.test().testLoss(), 1e-6);
        assertEquals(uninterrupted.get("confusionMatrix"), PLAIN.valueToTree(metrics.test().confusionMatrix()));

        RunInfo info = RunJson.read(run("tiny-stopped").resolve("run.json"), RunInfo.class);
        assertEquals(RunJson.SCHEMA_VERSION, info.schemaVersion());
        assertEquals("finished", info.status());
        assertEquals("configs/default.yaml", info.source(), "the first source is kept");
        assertEquals(4, info.statusHistory().size(), "running, stopped (old), running, finished: " + info.statusHistory());
        assertTrue(info.statusHistory().get(1).endsWith(" stopped"));
        TrainingState state = Checkpoints.readState(run("tiny-stopped").resolve("checkpoints/epoch-0002.json"));
        assertEquals(RunJson.SCHEMA_VERSION, state.schemaVersion);
        assertEquals(OutputHead.softmax(), state.model.outputHead());
        assertTrue(Files.readString(run("tiny-stopped").resolve("checkpoints/epoch-0002.json")).contains("\"multiLabel\" : false"),
                "the output layer is written as a value now");
    }

    @Test
    void anOldCheckpointWithAnotherOutputLayerIsRefusedByValue() throws IOException {
        Path state = run("tiny-stopped").resolve("checkpoints/stop-0001-000010.json");
        String text = Files.readString(state);
        assertTrue(text.contains("\"outputHead\" : \"softmax, cross-entropy\""), text);
        Files.writeString(state, text.replace("\"outputHead\" : \"softmax, cross-entropy\"",
                "\"outputHead\" : \"softmax, cross-entropy, class weights [1.0, 2.0]\""));
        CliRun resumed = CliRun.of("train", "--resume", run("tiny-stopped").toString());
        assertEquals(2, resumed.exitCode(), resumed.err());
        assertEquals(1, resumed.errLines().length, resumed.err());
        assertTrue(resumed.err().contains("stop-0001-000010.zip: checkpoint with another output layer (softmax, cross-entropy, "
                + "class weights [1.0, 2.0]); the config and data now ask for softmax, cross-entropy"), resumed.err());
    }

    @Test
    void aDamagedRunFileIsOneLineAndChangesNothing() throws IOException {
        Path info = Files.writeString(run("tiny-finished").resolve("run.json"), "{ \"status\" : ");
        byte[] model = Files.readAllBytes(run("tiny-finished").resolve("model.zip"));
        CliRun resumed = CliRun.of("train", "--resume", run("tiny-finished").toString(), "--set", "training.epochs=3");
        assertEquals(2, resumed.exitCode(), resumed.err());
        assertEquals(1, resumed.errLines().length, resumed.err());
        assertTrue(resumed.err().startsWith("cnnlab: " + info + ": not a readable RunInfo file ("), resumed.err());
        assertArrayEquals(model, Files.readAllBytes(run("tiny-finished").resolve("model.zip")), "the finished model is kept");
        assertTrue(Files.exists(run("tiny-finished").resolve("metrics.json")));
        assertTrue(RunTable.table(RunTable.read(runs)).contains("tiny-finished                                damaged (unreadable JSON)"));
    }
}
