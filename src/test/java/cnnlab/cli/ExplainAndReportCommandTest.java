package cnnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import cnnlab.train.StopSignal;
import cnnlab.train.TinyRuns;
import cnnlab.train.TrainingRun;

/** {@code cnnlab explain}, {@code cnnlab report} and the intervals in {@code cnnlab runs}, on two tiny MNIST runs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainAndReportCommandTest {

    @TempDir
    static Path dir;

    private Path runA;
    private Path runB;
    private Path digit;

    @BeforeAll
    void train() throws IOException {
        runA = TrainingRun.start(TinyRuns.config(dir.resolve("runs"), 1, "name=cmd"), null).dir().root();
        runB = TrainingRun.start(TinyRuns.config(dir.resolve("runs"), 1, "name=cmd", "seed=7"), null).dir().root();
        BufferedImage img = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 120);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(12));
        g.drawLine(60, 15, 60, 105);   // a dark "1" on white paper
        g.dispose();
        digit = dir.resolve("one.png");
        ImageIO.write(img, "png", digit.toFile());
    }

    @AfterAll
    void clearStop() {
        StopSignal.clear();
    }

    @Test
    void explainWritesAPictureForThePredictedOrAskedClass() {
        CliRun r = CliRun.of("explain", runA.toString(), digit.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().matches("(?s).*one\\.png: predicted \\d \\(\\d+\\.\\d%\\); explained class \\d .*Grad-CAM peak at row \\d+, "
                + "column \\d+\\nwrote .*\\n"), r.out());
        CliRun three = CliRun.of("explain", runA.toString(), digit.toString(), "--class", "3");
        assertEquals(0, three.exitCode(), three.err());
        assertTrue(Files.isRegularFile(runA.resolve("explain/one-class3.png")), three.out());
        Path out = dir.resolve("mine.png");
        assertEquals(0, CliRun.of("explain", runA.toString(), digit.toString(), "-o", out.toString()).exitCode());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void explainErrorsAreOneLine() {
        CliRun.of("explain", runA.toString(), digit.toString(), "--class", "12").assertUserError("--class 12 is outside the model's classes 0..9");
        CliRun.of("explain", runA.toString(), dir.resolve("none.png").toString()).assertUserError("none.png");
        CliRun.of("explain", dir.resolve("nothing").toString(), digit.toString()).assertUserError("not a run directory");
        CliRun.of("explain", runA.toString(), digit.toString(), "-o", "x.jpg").assertUserError("--output must name a .png file");
    }

    @Test
    void reportOfOneRunAndOfSeveral() throws IOException {
        Files.delete(runA.resolve("report.html"));
        CliRun one = CliRun.of("report", runA.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(Files.readString(runA.resolve("report.html")).contains("data-metric=\"/testAccuracy\""));
        Path page = dir.resolve("sweep.html");
        CliRun two = CliRun.of("report", runA.toString(), runB.toString(), "-o", page.toString());
        assertEquals(0, two.exitCode(), two.err());
        assertEquals("wrote " + page + "\n", two.out());
        String html = Files.readString(page);
        assertTrue(html.contains(runA.getFileName().toString()) && html.contains(runB.getFileName().toString()));
    }

    @Test
    void reportErrorsAreOneLine() throws IOException {
        CliRun.of("report", dir.toString()).assertUserError(dir + ": not a run directory (it has no config.yaml)");
        CliRun.of("report", runA.toString(), runB.toString(), "-o", "x.txt").assertUserError("--output must name an .html file");
        Path damaged = dir.resolve("damaged");
        Files.createDirectories(damaged);
        Files.copy(runA.resolve("config.yaml"), damaged.resolve("config.yaml"));
        Files.writeString(damaged.resolve("metrics.json"), "{\"testAccuracy\": 0.9");
        CliRun.of("report", damaged.toString()).assertUserError(damaged.resolve("metrics.json") + ": not valid JSON");
        assertTrue(!Files.exists(damaged.resolve("report.html")), "no half-written page");
    }

    @Test
    void runsShowsIntervalsAndMarksDifferencesInsideTheNoise() {
        CliRun table = CliRun.of("runs", dir.resolve("runs").toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().lines().findFirst().orElseThrow().contains("test [95% interval]"), table.out());
        assertTrue(table.out().matches("(?s).*\\d+\\.\\d\\d% \\[\\d+\\.\\d\\d, \\d+\\.\\d\\d\\].*"), table.out());
        // 200 test images: two one-epoch runs of the same model are within each other's noise
        assertTrue(table.out().contains(" ~ "), table.out());
        assertTrue(table.out().contains("~ test: its 95% interval overlaps that of the best run (cmd-"), table.out());
        CliRun csv = CliRun.of("runs", dir.resolve("runs").toString(), "--format", "csv");
        assertTrue(csv.out().lines().findFirst().orElseThrow().endsWith(",config,test_accuracy_low,test_accuracy_high,"
                + "test_accuracy_within_noise_of_best,test_auc_low,test_auc_high,test_auc_within_noise_of_best"), csv.out());
        assertTrue(csv.out().contains(",true,"), csv.out());
    }
}
