package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.train.RunDirectory;

/**
 * The training commands end to end: train, runs, evaluate, predict and summary on a tiny run, and the
 * one-line errors for bad configs, data and run directories.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    private String[] tiny(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "configs/default.yaml",
                "--set", "training.epochs=1", "--set", "data.trainLimit=320", "--set", "data.testLimit=64",
                "--set", "model.layers[4].units=16", "--set", "model.layers[5].units=16", "--set", "output.runsDir=" + dir.resolve("runs")));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void trainThenListEvaluateAndPredict() throws IOException {
        CliRun train = CliRun.of(tiny());
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().startsWith("Finished "), train.out());
        Path run = onlyRun();

        CliRun runs = CliRun.of("runs", dir.resolve("runs").toString());
        assertEquals(0, runs.exitCode(), runs.err());
        assertTrue(runs.out().contains(run.getFileName().toString()), runs.out());
        assertTrue(runs.out().contains("finished"), runs.out());
        CliRun md = CliRun.of("runs", dir.resolve("runs").toString(), "--format", "markdown");
        assertTrue(md.out().startsWith("| run | status |"), md.out());
        assertEquals(md.out(), CliRun.of("runs", dir.resolve("runs").toString(), "--format", "md").out(), "md: markdown's short name");
        CliRun csv = CliRun.of("runs", dir.resolve("runs").toString(), "--format", "CSV");
        assertEquals(2, csv.out().lines().count(), csv.out());
        CliRun xml = CliRun.of("runs", dir.resolve("runs").toString(), "--format", "xml");
        Faults.assertOneLine(xml, 2, "--format must be table, csv or markdown, got 'xml'");

        CliRun eval = CliRun.of("evaluate", run.toString(), "--json");
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("\"testImages\" : 2004"), "evaluate uses the whole test set: " + eval.out());

        Path png = dir.resolve("digit.png");
        writeDigit(png);
        CliRun predict = CliRun.of("predict", run.toString(), png.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.out().matches("(?s).*digit\\.png:  \\d \\(\\d+\\.\\d%\\)  \\d \\(.*"), predict.out());

        Path notImage = Files.writeString(dir.resolve("notes.png"), "not a picture");
        assertUserError(CliRun.of("predict", run.toString(), notImage.toString()), notImage + ": not a PNG, JPEG, GIF or BMP image");
        assertUserError(CliRun.of("predict", run.toString(), dir.resolve("none.png").toString()), "none.png: image file not found");
        assertUserError(CliRun.of("evaluate", run.toString(), "--model", "newest"), "--model must be final, best or latest");
        assertUserError(CliRun.of("predict", run.toString(), png.toString(), "--invert", "maybe"),
                "cnnlab: --invert must be auto, yes or no, got 'maybe' (see: cnnlab predict --help)");
        CliRun upper = CliRun.of("predict", run.toString(), png.toString(), "--model", "BEST", "--invert", "No");
        assertEquals(0, upper.exitCode(), "choices in any case, as before: " + upper.err());
        assertUserError(CliRun.of("evaluate", run.toString(), "--data", "nonsense"), "nonsense");
        CliRun best = CliRun.of("evaluate", run.toString(), "--model", "best");
        assertEquals(0, best.exitCode(), best.err());
    }

    @Test
    void summaryAgreesWithTheLabExercise() throws IOException {
        Path c = Files.writeString(dir.resolve("three.yaml"), "name: three\nmodel:\n  input: {channels: 3, height: 5, width: 5}\n"
                + "  layers:\n    - {type: conv, filters: 5, kernel: 3}\n");
        CliRun run = CliRun.of("summary", c.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s).*0\\s+conv\\s+5 filters 3x3.*5x3x3\\s+140\\n.*"), run.out());
    }

    @Test
    void badConfigIsOneLineExitTwo() throws IOException {
        Path c = Files.writeString(dir.resolve("bad.yaml"), "training:\n  epochs: 0\n");
        assertUserError(CliRun.of("train", c.toString()), c + ": training.epochs: expected 1 or more, got 0");
        assertUserError(CliRun.of("train", dir.resolve("missing.yaml").toString()), "missing.yaml: file not found");
        assertUserError(CliRun.of(tiny("--set", "training.epochz=1")), "training.epochz: unknown key; did you mean 'epochs'?");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written for a bad config");
    }

    @Test
    void missingDatasetSaysHowToGetIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("nodata"));
        CliRun run = CliRun.of(tiny("--set", "data.dataset=" + empty));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("train-images-idx3-ubyte"), run.err());
        assertFalse(Files.exists(dir.resolve("runs")), "no run directory for missing data");
    }

    @Test
    void resumeOfSomethingThatIsNotARun() {
        assertUserError(CliRun.of("train", "--resume", dir.toString()), "not a run directory");
        assertUserError(CliRun.of("evaluate", dir.toString()), "not a run directory");
    }

    @Test
    void sweepIndexOutOfRange() {
        assertUserError(CliRun.of("train", "configs/sweep-lr-pooling.yaml", "--index", "9"), "has members 0 to 3");
        CliRun list = CliRun.of("sweep", "configs/sweep-lr-pooling.yaml");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(4, list.out().lines().count(), list.out());
        assertEquals("4", CliRun.of("sweep", "configs/sweep-lr-pooling.yaml", "--count").out().trim());
    }

    @Test
    void aRunIdNamesTheRunAndTheSameCommandContinuesIt() throws IOException {
        CliRun first = CliRun.of(tiny("--run-id", "1234_5"));
        assertEquals(0, first.exitCode(), first.err());
        Path run = dir.resolve("runs/default-1234_5");
        assertEquals(run, onlyRun());
        assertEquals(2, Files.readAllLines(run.resolve("metrics.csv")).size());

        // A requeued job runs its command again: with more epochs asked for, the run goes on from its checkpoint.
        CliRun again = CliRun.of(tiny("--run-id", "1234_5", "--set", "training.epochs=2"));
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(run, onlyRun(), "the same run directory");
        assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size(), "epoch 2 added to epoch 1");
        assertTrue(Files.readString(run.resolve("train.log")).contains("resuming default-1234_5 from epoch-0001.zip"));
    }

    @Test
    void aRunIdFolderWithoutACheckpointStartsAgainAndOneThatIsNotARunIsRefused() throws IOException {
        Path started = dir.resolve("runs/default-7");
        Files.createDirectories(started.resolve("checkpoints"));
        Files.writeString(started.resolve("config.yaml"), "name: default\n");   // stopped before its first checkpoint
        CliRun run = CliRun.of(tiny("--run-id", "7"));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("finished", new com.fasterxml.jackson.databind.ObjectMapper().readTree(started.resolve("run.json").toFile())
                .get("status").asText());

        Path other = Files.createDirectories(dir.resolve("runs/default-8"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertUserError(CliRun.of(tiny("--run-id", "8")), "runs/default-8: exists and is not a run directory");
        assertUserError(CliRun.of(tiny("--run-id", "a/b")), "--run-id 'a/b': use 1 to 64 letters, digits");
        assertUserError(CliRun.of("train", "--resume", started.toString(), "--run-id", "7"), "--run-id and --resume");
    }

    @Test
    void infoNamesTheBackendAndItsSettings() throws IOException {
        CliRun text = CliRun.of("info");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("backend       cpu (ND4J CpuBackend)"), text.out());
        assertTrue(text.out().contains("BLAS          OPENBLAS"), text.out());
        CliRun json = CliRun.of("info", "--json");
        assertEquals(0, json.exitCode(), json.err());
        var env = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals("cpu", env.get("backend").asText());
        assertEquals("ENABLED", env.get("workspaceMode").get("training").asText());
        assertTrue(env.get("devices").isArray());
    }

    @Test
    void aConfigThatRequiresCudaStopsAtOnceOnTheCpuBuild() {
        // A tiny model is refused first as too small for a GPU; allowed past that, the CPU build refuses it.
        assertUserError(CliRun.of(tiny("--set", "runtime.backend=cuda")), "runtime.backend cuda: 'default' is too small to keep a GPU busy");
        assertUserError(CliRun.of(tiny("--set", "runtime.backend=cuda", "--allow-small-gpu-model")),
                "runtime.backend: the config requires cuda but this build runs on cpu");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written");
    }

    private Path onlyRun() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            List<Path> runs = s.filter(RunDirectory::isRun).toList();
            assertEquals(1, runs.size());
            return runs.get(0);
        }
    }

    private static void writeDigit(Path png) throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(80, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 80, 100);
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(10));
        g.drawLine(40, 10, 40, 90);   // a "1", dark on white paper
        g.dispose();
        javax.imageio.ImageIO.write(img, "png", png.toFile());
    }

    private static void assertUserError(CliRun run, String part) {
        assertEquals(2, run.exitCode(), "stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(1, run.errLines().length, "one line: " + run.err());
        assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }
}
