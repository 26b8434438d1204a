package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.data.Npz;
import cnnlab.train.StopSignal;

/**
 * Damaged run files and data that does not match: each one line naming the file and the field, exit
 * 2, or a visible warning where going on is right. One small run, stopped in its second epoch, is
 * trained once; each test damages a copy of it.
 */
class DamagedInputCommandTest {

    @TempDir
    static Path shared;

    private static Path trained;

    @TempDir
    Path dir;

    private static List<String> tiny(Path runsDir, String... more) {
        List<String> args = new ArrayList<>(List.of("--set", "training.epochs=2"));
        args.addAll(List.of(more));
        return List.of(Faults.tinyTrain(runsDir, args.toArray(new String[0])));
    }

    /** A run stopped after 7 minibatches: epoch 1 (5 minibatches) done, 2 into epoch 2: epoch-0001 and stop-0001-000002. */
    @BeforeAll
    static void trainAStoppedRun() {
        StopSignal.stopAfter(7);
        try {
            CliRun run = CliRun.of(tiny(shared.resolve("runs"), "--run-id", "d").toArray(new String[0]));
            assertEquals(StopSignal.EXIT_CODE, run.exitCode(), run.err() + run.out());
        } finally {
            StopSignal.clear();
        }
        trained = shared.resolve("runs/default-d");
        assertTrue(Files.exists(trained.resolve("checkpoints/stop-0001-000002.zip")));
    }

    @AfterAll
    static void clear() {
        StopSignal.clear();
    }

    /** A copy of the stopped run to damage. */
    private Path copy() throws IOException {
        Path to = dir.resolve("runs/default-d");
        try (Stream<Path> s = Files.walk(trained)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    @Test
    void aRunJsonThatIsNotJsonIsOneLineForResumeAndADamagedRowInRuns() throws IOException {
        Path run = copy();
        Files.writeString(run.resolve("run.json"), "{\"status\": \"stopped\", ");
        Faults.assertOneLine(Faults.run("damaged-run-json-resume", "train", "--resume", run.toString()), 2,
                run.resolve("run.json") + ": not a");
        Faults.assertOneLine(Faults.run("damaged-run-json-run-id", tiny(dir.resolve("runs"), "--run-id", "d").toArray(new String[0])), 2,
                run.resolve("run.json") + ": not a");
        CliRun runs = Faults.run("damaged-run-json-runs", "runs", dir.resolve("runs").toString());
        assertEquals(0, runs.exitCode(), runs.err());
        assertTrue(runs.out().contains("damaged"), runs.out());

        Files.writeString(run.resolve("run.json"), "{\"status\": \"stopped\", \"statusHistory\": 5}");
        Faults.assertOneLine(Faults.run("damaged-run-json-history", "train", "--resume", run.toString()), 2,
                run.resolve("run.json") + ": not a readable RunInfo file");
    }

    @Test
    void aStopCheckpointWithANegativePositionIsOneLineForResumeAndEvaluate() throws IOException {
        Path run = copy();
        Path json = run.resolve("checkpoints/stop-0001-000002.json");
        Files.writeString(json, Files.readString(json).replace("\"batchesIntoEpoch\" : 2", "\"batchesIntoEpoch\" : -5"));
        String line = json + ": batchesIntoEpoch: expected 0 or more, got -5";
        Faults.assertOneLine(Faults.run("damaged-stop-negative-resume", "train", "--resume", run.toString()), 2, line);
        Faults.assertOneLine(Faults.run("damaged-stop-negative-evaluate", "evaluate", run.toString(), "--model", "latest"), 2, line);

        Files.writeString(json, Files.readString(json).replace("\"batchesIntoEpoch\" : -5", "\"batchesIntoEpoch\" : 3"));
        Faults.assertOneLine(Faults.run("damaged-stop-renamed", "train", "--resume", run.toString()), 2,
                json + ": completedEpochs 1, batchesIntoEpoch 3: expected 1 and 2 as the file name says");
    }

    @Test
    void aMissingNewestStopCheckpointIsAVisibleWarningNamingWhatIsUsedInstead() throws IOException {
        Path run = copy();
        Files.delete(run.resolve("checkpoints/stop-0001-000002.zip"));
        CliRun resumed = Faults.run("damaged-stop-missing-resume", "train", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        String log = Files.readString(run.resolve("train.log"));
        assertTrue(log.contains("WARN") && log.contains("stop-0001-000002.json (stop-0001-000002.zip is missing); resuming from "
                + "epoch-0001.zip instead"), log);

        // the finished run, resumed again with damaged test metrics
        Files.writeString(run.resolve("metrics.json"), "{\"testAccuracy\": ");
        Faults.assertOneLine(Faults.run("damaged-metrics-json-resume", "train", "--resume", run.toString()), 2,
                run.resolve("metrics.json") + ": not a readable");
    }

    @Test
    void evaluateOnADatasetWithAnotherNumberOfClassesIsOneLine() throws IOException {
        Path npz = Npz.write(dir.resolve("two.npz"), 1, 28, 28, 2, false, new int[] {40, 10, 20}, 1);
        Path run = copy();
        // the run has a final model only once it finishes: evaluate its latest checkpoint
        Faults.assertOneLine(Faults.run("mismatch-evaluate-classes", "evaluate", run.toString(), "--model", "latest", "--data", npz.toString()),
                2, npz + ": 2 classes", "the model has 10 outputs");
    }

    @Test
    void aStrayLabelInATwoClassNpzIsRefusedNotAModelOf201Classes() {
        Map<String, byte[]> arrays = Npz.dataset(1, 28, 28, 2, false, new int[] {40, 10, 20}, 1);
        int[] labels = new int[40];
        for (int i = 0; i < 40; i++) {
            labels[i] = i % 2;
        }
        labels[17] = 200;
        arrays.put("train_labels", Npz.ints("|u1", labels, 40, 1));
        Path npz = Npz.write(dir.resolve("stray.npz"), arrays, true);
        CliRun run = Faults.run("mismatch-npz-label-200", tiny(dir.resolve("runs"), "--set", "data.dataset=" + npz).toArray(new String[0]));
        Faults.assertOneLine(run, 2, npz + ": train_labels: label 200 of image 17, but 198 of the classes 0..200 have no image");
        assertTrue(!Files.exists(dir.resolve("runs")), "nothing written");
    }

    @Test
    void aTestLabelOutOfRangeIsReportedAsTheTestLabelsFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("mnist-copy"));
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"}) {
            Files.copy(Path.of("data/mnist-sample").resolve(f), data.resolve(f));
        }
        byte[] labels;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/mnist-sample/t10k-labels-idx1-ubyte.gz")))) {
            labels = in.readAllBytes();
        }
        labels[8 + 5] = 10;   // the sixth test image: class 10 of a 10-class model
        Path testLabels = data.resolve("t10k-labels-idx1-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(testLabels))) {
            out.write(labels);
        }
        CliRun run = Faults.run("mismatch-test-label", tiny(dir.resolve("runs"), "--set", "data.dataset=" + data).toArray(new String[0]));
        Faults.assertOneLine(run, 2, testLabels + ": labels go up to 10 but the config's model.classes is 10");
    }

    @Test
    void aCmykJpegAndAHugePictureAreRefusedByPredict() throws IOException {
        Path run = copy();
        Path cmyk = dir.resolve("cmyk.jpg");
        java.awt.image.WritableRaster r = java.awt.image.Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 64, 64, 4, null);
        for (int y = 10; y < 54; y++) {
            for (int x = 26; x < 38; x++) {
                r.setPixel(x, y, new int[] {0, 0, 0, 255});   // a black "1" in print colours
            }
        }
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(cmyk.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(r, null, null), null);
        }
        Faults.assertOneLine(Faults.run("predict-cmyk", "predict", run.toString(), "--model", "latest", cmyk.toString()), 2,
                cmyk + ": a CMYK (print colours) JPEG");

        Path huge = hugePng(dir.resolve("huge.png"), 20_000, 20_000);
        Faults.assertOneLine(Faults.run("predict-huge-png", "predict", run.toString(), "--model", "latest", huge.toString()), 2,
                huge + ": 20000x20000 pixels: too big to convert in this JVM", "CNNLAB_JAVA_OPTS=-Xmx");
    }

    @Test
    void adamWithMomentumIsRefused() {
        CliRun run = Faults.run("config-adam-momentum", tiny(dir.resolve("runs"), "--set", "training.optimizer.momentum=0.9").toArray(new String[0]));
        Faults.assertOneLine(run, 2, "configs/default.yaml: training.optimizer.momentum: expected 0 or no value for adam (momentum is sgd's");
        CliRun sgd = Faults.run("config-sgd-momentum", "summary", "configs/default.yaml", "--set", "training.optimizer.type=sgd",
                "--set", "training.optimizer.momentum=0.9");
        assertEquals(0, sgd.exitCode(), sgd.err());
    }

    @Test
    void configAndSweepFilesAboveOneMegabyteAreRefusedBeforeParsing() throws IOException {
        Path big = Files.writeString(dir.resolve("big.yaml"), "name: big\ndescription: " + "x".repeat(50 << 20) + "\n");
        long start = System.nanoTime();
        Faults.assertOneLine(Faults.run("config-50mb", "train", big.toString()), 2, big + ": 50.0 MB: a config or sweep file is at most 1 MB");
        Faults.assertOneLine(Faults.run("config-50mb-summary", "summary", big.toString()), 2, "at most 1 MB");
        Path sweep = Files.writeString(dir.resolve("sweep.yaml"), "sweep: s\nbase: default.yaml\ngrid:\n  seed: [" + "1, ".repeat(400_000) + "1]\n");
        Faults.assertOneLine(Faults.run("config-big-sweep", "sweep", sweep.toString()), 2, sweep + ": 1.1 MB: a config or sweep file is at most 1 MB");
        assertTrue(System.nanoTime() - start < 30e9, "refused at once");
        Files.delete(big);
    }

    /** A grey PNG of {@code w x h} black pixels, written row by row (a few hundred KB on disk, 400 million pixels). */
    private static Path hugePng(Path file, int w, int h) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            ihdr.writeBytes(new byte[] {(byte) (w >>> 24), (byte) (w >>> 16), (byte) (w >>> 8), (byte) w,
                    (byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h, 8, 0, 0, 0, 0});
            chunk(out, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_SPEED))) {
                byte[] row = new byte[w + 1];   // filter byte 0, then the pixels
                for (int y = 0; y < h; y++) {
                    z.write(row);
                }
            }
            chunk(out, "IDAT", idat.toByteArray());
            chunk(out, "IEND", new byte[0]);
        }
        return file;
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        int n = data.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        out.write(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
    }
}
