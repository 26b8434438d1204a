package cnnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cnnlab.data.Npz;
import cnnlab.train.StopSignal;
import cnnlab.train.TinyRuns;
import cnnlab.train.TrainingRun;

/**
 * The pages in a real browser (Debian's Chromium, headless): report.html of an MNIST run and of a
 * binary MedMNIST-layout run (with temperature scaling and augmentation), and the comparison page of
 * two runs. Each page is rendered at a phone's width (390 px) and a laptop's (1366 px): screenshots
 * go to {@code target/browser-screenshots/}, and the page must have no script error, no failed load,
 * no console message, no request at all, every image loaded, no sideways scrolling on the phone, and
 * every number it shows from metrics.json equal to the file's (the raw value exactly, the text as
 * formatted).
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportBrowserTest {

    static final int PHONE = 390;
    static final int LAPTOP = 1366;
    static final Path SHOTS = Path.of("target", "browser-screenshots");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Path mnist;
    private Path mnistFaster;
    private Path medical;

    @BeforeAll
    void train() throws IOException {
        Chromium.binary();
        Path runs = dir.resolve("runs");
        mnist = TrainingRun.start(TinyRuns.config(runs, 1, "name=pagemnist"), null).dir().root();
        mnistFaster = TrainingRun.start(TinyRuns.config(runs, 1, "name=pagemnistlr", "training.optimizer.learningRate=0.01"), null)
                .dir().root();
        Path npz = Npz.write(dir.resolve("pneumonia-like.npz"), 1, 28, 28, 2, false, new int[] {160, 64, 96}, 11);
        medical = TrainingRun.start(TinyRuns.config(runs, 2, "name=pagemedical", "data.dataset=" + npz, "analysis.temperatureScaling=true",
                "data.augmentation.flips=true", "data.augmentation.maxShift=2"), null).dir().root();
    }

    @AfterAll
    void clearStop() {
        StopSignal.clear();
    }

    @Test
    void mnistRunPage() throws Exception {
        Path page = mnist.resolve("report.html");
        Map<String, JsonNode> numbers = checkPage(page, "report-mnist", Map.of("", metrics(mnist)),
                Set.of("training-curves.png", "confusion-matrix.png", "reliability-diagram.png", "gradcam-gallery.png", "conv1-kernels.png",
                        "feature-maps-conv1.png", "feature-maps-conv2.png"));
        for (String p : List.of("/testAccuracy", "/analysis/intervals/acc/low", "/analysis/intervals/acc/high", "/analysis/calibration/ece",
                "/perClass/0/f1")) {
            assertTrue(numbers.containsKey(p), "the MNIST page shows " + p);
        }
    }

    @Test
    void medicalRunPage() throws Exception {
        Path page = medical.resolve("report.html");
        JsonNode m = metrics(medical);
        assertTrue(m.at("/analysis/calibration/temperatureScaling/temperature").isNumber(), "temperature fitted");
        Map<String, JsonNode> numbers = checkPage(page, "report-medical", Map.of("", m),
                Set.of("training-curves.png", "confusion-matrix.png", "roc-curve.png", "reliability-diagram.png", "gradcam-gallery.png"));
        for (String p : List.of("/acc", "/auc", "/sensitivity", "/specificity", "/analysis/intervals/auc/low", "/analysis/intervals/sensitivity/high",
                "/analysis/intervals/specificity/low", "/analysis/calibration/temperatureScaling/ece",
                "/analysis/calibration/temperatureScaling/temperature", "/perClass/1/auc")) {
            assertTrue(numbers.containsKey(p), "the medical page shows " + p);
        }
        String html = Files.readString(page);
        assertTrue(html.contains("dataset.json") || html.contains("normalisation"), "data facts on the page");
    }

    @Test
    void comparisonPage() throws Exception {
        Path page = ComparisonReport.write(List.of(mnist, mnistFaster), dir.resolve("comparison.html"));
        Map<String, JsonNode> byRun = new HashMap<>();
        byRun.put(mnist.getFileName().toString(), metrics(mnist));
        byRun.put(mnistFaster.getFileName().toString(), metrics(mnistFaster));
        Map<String, JsonNode> numbers = checkPage(page, "comparison", byRun, Set.of("training-curves.png", "reliability-diagram.png"));
        assertTrue(numbers.containsKey("/testAccuracy") && numbers.containsKey("/analysis/intervals/acc/low"), numbers.keySet().toString());
    }

    private static JsonNode metrics(Path run) throws IOException {
        return JSON.readTree(run.resolve("metrics.json").toFile());
    }

    /**
     * Renders and checks one page; returns the numbers it shows, by JSON pointer.
     *
     * @param metricsByRun metrics.json of each run the page shows, by run name ("" for a page of one run)
     * @param expectedFiles pictures that must be on the page
     */
    private Map<String, JsonNode> checkPage(Path page, String name, Map<String, JsonNode> metricsByRun, Set<String> expectedFiles)
            throws Exception {
        String html = Files.readString(page);
        assertFalse(Pattern.compile("(src|href)=\"(https?:|//|file:)|url\\(|@import").matcher(html).find(),
                "nothing on the page refers to the network or other files");
        int imgTags = countMatches(html, "<img ");
        Path scratch = dir.resolve("browser-" + name);
        Chromium.screenshot(page, PHONE, 844, SHOTS.resolve(name + "-" + PHONE + ".png"), scratch);
        Chromium.screenshot(page, LAPTOP, 900, SHOTS.resolve(name + "-" + LAPTOP + ".png"), scratch);
        Chromium.Check check = Chromium.check(page, new int[] {PHONE, LAPTOP}, 900, scratch);
        assertEquals(List.of(), check.consoleLines(), name + ": no console messages");
        Map<String, JsonNode> shown = new HashMap<>();
        for (Chromium.Frame f : check.frames()) {
            JsonNode c = f.check();
            String at = name + " at " + f.width() + " px: ";
            assertEquals(f.width(), c.path("innerWidth").asInt(), at + "frame width");
            assertEquals(0, c.path("errors").size(), at + "errors " + c.path("errors"));
            assertEquals(0, c.path("resources").size(), at + "requests " + c.path("resources"));
            assertTrue(c.path("scrollWidth").asInt() <= f.width(), at + "no sideways scrolling: scroll width " + c.path("scrollWidth"));
            assertEquals(imgTags, c.path("images").size(), at + "images");
            Set<String> files = new HashSet<>();
            for (JsonNode im : c.path("images")) {
                assertTrue(im.path("loaded").asBoolean(), at + im.path("file").asText() + " loaded");
                assertTrue(im.path("width").asInt() > 0, at + im.path("file").asText() + " has pixels");
                assertTrue(im.path("shown").asInt() <= f.width(), at + im.path("file").asText() + " fits the width");
                files.add(im.path("file").asText());
            }
            assertTrue(files.containsAll(expectedFiles), at + "pictures " + files + " include " + expectedFiles);
            assertTrue(c.path("numbers").size() > 5, at + "numbers");
            for (JsonNode n : c.path("numbers")) {
                String run = n.path("run").isNull() ? "" : n.path("run").asText();
                JsonNode metrics = metricsByRun.get(run);
                assertTrue(metrics != null, at + "number of an unknown run " + run);
                String pointer = n.path("pointer").asText();
                JsonNode v = metrics.at(pointer);
                assertTrue(v.isNumber(), at + pointer + " is a number in metrics.json");
                assertEquals(v.asDouble(), Double.parseDouble(n.path("value").asText()), 0.0, at + pointer + " raw value");
                String text = n.path("text").asText();
                assertTrue(formats(v.asDouble()).contains(text), at + pointer + " shown as '" + text + "', metrics.json has " + v.asText());
                shown.put(pointer, v);
            }
        }
        return shown;
    }

    private static Set<String> formats(double v) {
        return Set.of(String.format(Locale.ROOT, "%.2f%%", 100 * v), String.format(Locale.ROOT, "%.4f", v),
                String.format(Locale.ROOT, "%.1f", v));
    }

    private static int countMatches(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
