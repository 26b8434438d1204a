package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.data.DatasetCatalog;
import cnnlab.data.MedMnistInfo;
import cnnlab.data.Npz;
import cnnlab.train.RunDirectory;

/**
 * {@code cnnlab train configs/pneumoniamnist.yaml} and friends from the command line: a missing file
 * says how to fetch it, a bad file is one line and exit code 2, a run on a small archive is listed
 * with its AUC, evaluated and used for predictions; and on a real PneumoniaMNIST file, where one is
 * present, a short real run.
 */
class MedMnistCommandTest {

    @TempDir
    Path dir;

    private String home;
    private String medMnistHome;

    @BeforeEach
    void isolateTheDataFolders() {
        home = System.getProperty("cnnlab.home");
        medMnistHome = System.getProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY);
        System.setProperty("cnnlab.home", dir.resolve("project").toString());
        System.setProperty(DatasetCatalog.MEDMNIST_HOME_PROPERTY, dir.resolve("home/.medmnist").toString());
    }

    @AfterEach
    void restore() {
        restore("cnnlab.home", home);
        restore(DatasetCatalog.MEDMNIST_HOME_PROPERTY, medMnistHome);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** {@code train configs/pneumoniamnist.yaml}, shrunk to a few batches, with {@code more} settings. */
    private String[] train(String... more) {
        List<String> args = new ArrayList<>(List.of("train", "configs/pneumoniamnist.yaml",
                "--set", "training.epochs=1", "--set", "model.layers[0].filters=4", "--set", "model.layers[2].filters=8",
                "--set", "model.layers[4].units=16", "--set", "model.layers[5].units=16",
                "--set", "output.runsDir=" + dir.resolve("runs")));
        for (String m : more) {
            args.add("--set");
            args.add(m);
        }
        return args.toArray(new String[0]);
    }

    @Test
    void withoutTheFileItSaysHowToFetchIt() {
        CliRun run = CliRun.of(train());
        assertUserError(run, dir.resolve("project/data/medmnist/pneumoniamnist.npz") + ": not found; fetch it with "
                + "data/fetch-medmnist.sh pneumoniamnist (needs internet, e.g. on Greene; nothing is downloaded at run time)");
        assertFalse(Files.exists(dir.resolve("runs")), "no run directory without data");
    }

    @Test
    void badFilesAreOneLineAndExitCodeTwo() throws IOException {
        Map<String, byte[]> missingKey = Npz.dataset(1, 28, 28, 2, false, new int[] {8, 4, 4}, 1);
        missingKey.remove("test_images");
        Map<String, byte[]> floats = Npz.dataset(1, 28, 28, 2, false, new int[] {8, 4, 4}, 1);
        floats.put("train_images", Npz.npy("<f8", new long[] {8, 28, 28}, new byte[8 * 28 * 28 * 8]));
        Map<String, byte[]> lengths = Npz.dataset(1, 28, 28, 2, false, new int[] {8, 4, 4}, 1);
        lengths.put("val_labels", Npz.ints("|u1", new int[] {0, 1, 1}, 3, 1));
        Map<String, byte[]> range = Npz.dataset(1, 28, 28, 2, false, new int[] {8, 4, 4}, 1);
        range.put("test_labels", Npz.ints("<i8", new int[] {0, 1, -3, 1}, 4, 1));
        Path good = Npz.write(dir.resolve("good.npz"), Npz.dataset(1, 28, 28, 2, false, new int[] {8, 4, 4}, 1), true);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(bytes, bytes.length - 100));

        assertUserError(CliRun.of(train("data.dataset=" + Npz.write(dir.resolve("m.npz"), missingKey, true))),
                "m.npz: missing test_images: a MedMNIST .npz holds ");
        assertUserError(CliRun.of(train("data.dataset=" + Npz.write(dir.resolve("f.npz"), floats, true))),
                "f.npz: train_images: dtype float64 (<f8), expected uint8 (|u1) pixels as in MedMNIST");
        assertUserError(CliRun.of(train("data.dataset=" + Npz.write(dir.resolve("l.npz"), lengths, true))),
                "l.npz: val_images holds 4 images but val_labels holds 3 labels (3, 1); they must pair up one to one");
        assertUserError(CliRun.of(train("data.dataset=" + Npz.write(dir.resolve("r.npz"), range, true))),
                "r.npz: test_labels: label -3 of image 2 is outside the classes 0..1");
        assertUserError(CliRun.of(train("data.dataset=" + truncated)), "truncated.npz: not a complete .npz (zip) archive (");
        Path wrongSize = Npz.write(dir.resolve("big.npz"), 1, 32, 32, 2, false, new int[] {8, 4, 4}, 1);
        assertUserError(CliRun.of(train("data.dataset=" + wrongSize)),
                "big.npz: images are 32x32 but the config's model.input is 28x28 (height x width)");
        assertFalse(Files.exists(dir.resolve("runs")), "nothing written for bad data");
    }

    @Test
    void trainListEvaluateAndPredict() throws IOException {
        Path npz = Npz.write(dir.resolve("tiny.npz"), 3, 28, 28, 2, false, new int[] {64, 16, 32}, 5);
        CliRun run = CliRun.of(train("data.dataset=" + npz, "output.plots=false"));
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().matches("(?s)Finished .*\\n  test ACC 0\\.\\d{4}, AUC \\d\\.\\d{4}, sensitivity \\d\\.\\d{4}, "
                + "specificity \\d\\.\\d{4} \\(threshold 0\\.5\\)\\n.*"), run.out());
        Path runDir = onlyRun();

        CliRun table = CliRun.of("runs", dir.resolve("runs").toString());
        assertTrue(table.out().lines().findFirst().orElseThrow().matches(".*test \\[95% interval\\]\\s+auc \\[95% interval\\]\\s+sens\\s+spec\\s+time.*"),
                table.out());
        CliRun csv = CliRun.of("runs", dir.resolve("runs").toString(), "--format", "csv");
        assertTrue(csv.out().startsWith("run,status,epochs,best_val_accuracy,test_accuracy,test_auc,sensitivity,specificity,"),
                csv.out());
        assertTrue(CliRun.of("runs", dir.resolve("runs").toString(), "--format", "markdown").out()
                .startsWith("| run | status | epochs | best val | test | AUC | sensitivity | specificity |"));

        CliRun eval = CliRun.of("evaluate", runDir.toString());
        assertEquals(0, eval.exitCode(), eval.err());
        assertTrue(eval.out().contains("binary-class: ACC 0."), eval.out());
        CliRun json = CliRun.of("evaluate", runDir.toString(), "--json");
        assertTrue(json.out().contains("\"auc\" :") && json.out().contains("\"sensitivity\" :"), json.out());

        Path png = dir.resolve("x-ray.png");
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(60, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        CliRun predict = CliRun.of("predict", runDir.toString(), png.toString());
        assertEquals(0, predict.exitCode(), predict.err());
        assertTrue(predict.out().matches("(?s).*x-ray\\.png:  \\d \\d \\(\\d+\\.\\d%\\)  \\d \\d \\(.*"), predict.out());
    }

    @Test
    void summaryShowsTheNetworkOfAKnownDatasetWithoutItsFile() {
        CliRun blood = CliRun.of("summary", "configs/bloodmnist.yaml");
        assertEquals(0, blood.exitCode(), blood.err());
        assertTrue(blood.out().matches("(?s).*input\\s+3x28x28.*output\\s+8 classes, softmax, LossMCXENT\\(\\).*"), blood.out());
        CliRun chest = CliRun.of("summary", "configs/pneumoniamnist.yaml", "--set", "data.dataset=chestmnist");
        assertTrue(chest.out().matches("(?s).*output\\s+14 classes, sigmoid, LossBinaryXENT.*"), chest.out());
    }

    /**
     * The issue's "done when": {@code cnnlab train configs/pneumoniamnist.yaml} on the real file, where
     * one is present (data/medmnist/ or ~/.medmnist/); one short epoch. Skipped where it is not.
     */
    @Test
    @Tag("integration")
    void theRealPneumoniaMnistWherePresent() throws IOException {
        restore("cnnlab.home", home);
        restore(DatasetCatalog.MEDMNIST_HOME_PROPERTY, medMnistHome);
        MedMnistInfo info = MedMnistInfo.find("pneumoniamnist").orElseThrow();
        Path root = Path.of(System.getProperty("cnnlab.home", "."));
        boolean present = Stream.of(root.resolve("data/medmnist/pneumoniamnist.npz"),
                DatasetCatalog.medMnistHome().resolve("pneumoniamnist.npz")).anyMatch(Files::isRegularFile);
        assumeTrue(present, "no pneumoniamnist.npz here (data/fetch-medmnist.sh pneumoniamnist where there is internet)");
        CliRun run = CliRun.of(train("data.trainLimit=1000"));
        assertEquals(0, run.exitCode(), run.err());
        Path runDir = onlyRun();
        String metrics = Files.readString(new RunDirectory(runDir).metricsJson());
        assertTrue(metrics.contains("\"testImages\" : " + info.test()), metrics);
        assertTrue(metrics.contains("\"name\" : \"pneumonia\""), metrics);
        assertTrue(Files.isRegularFile(new RunDirectory(runDir).rocCurve()));
    }

    private Path onlyRun() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            List<Path> runs = s.filter(RunDirectory::isRun).toList();
            assertEquals(1, runs.size());
            return runs.get(0);
        }
    }

    private static void assertUserError(CliRun run, String part) {
        assertEquals(2, run.exitCode(), "stderr: " + run.err() + " stdout: " + run.out());
        assertEquals(1, run.errLines().length, "one line: " + run.err());
        assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }
}
