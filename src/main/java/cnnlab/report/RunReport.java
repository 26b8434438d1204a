package cnnlab.report;

import static cnnlab.report.Html.esc;
import static cnnlab.report.Html.figure;
import static cnnlab.report.Html.metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import cnnlab.io.AtomicFiles;
import cnnlab.report.Html.Format;

/**
 * {@code report.html}: one self-contained page per run, to read a run without opening a dozen files.
 * Its sections, top to bottom: the headline numbers with their bootstrap 95% intervals, the test
 * metrics and per-class table, the training curves, confusion matrix, ROC curve and reliability
 * diagram, the Grad-CAM gallery, the learned kernels and feature maps, the data, the config, and
 * the environment and provenance (run.json and environment.json).
 *
 * <p>The page has no script and loads nothing: the style sheet is inline and every picture is a PNG
 * of the run directory inlined as a {@code data:} URI, so the file can be mailed, archived or opened
 * on a cluster's login node. Every number taken from metrics.json carries its JSON pointer and raw
 * value ({@code data-metric}, {@code data-value}), which is how the browser tests check the page
 * against the file. Parts whose files are missing (a run without plots, an MNIST run without ROC) are
 * left out.
 */
public final class RunReport {

    /** The page's file name in the run directory. */
    public static final String FILE = "report.html";

    private RunReport() {
    }

    /** Writes {@code runDir/report.html} (atomically) and returns its path. */
    public static Path write(Path runDir) throws IOException {
        RunFiles run = RunFiles.read(runDir);
        Path out = runDir.resolve(FILE);
        AtomicFiles.writeString(out, html(run));
        return out;
    }

    static String html(RunFiles r) throws IOException {
        JsonNode m = r.metrics();
        Path d = r.dir();
        StringBuilder b = new StringBuilder(Html.head(r.name() + " - cnnlab run"));
        b.append("<body>\n<main>\n<header>\n<h1>").append(esc(r.name())).append("</h1>\n<p class=\"sub\">")
                .append(esc(r.run().path("status").asText("unknown"))).append(" &middot; ")
                .append(esc(m.path("dataset").asText(r.dataset().path("dataset").asText("")))).append(" &middot; config ")
                .append(esc(r.run().path("source").asText("?"))).append(" &middot; started ")
                .append(esc(r.run().path("started").asText("?"))).append("</p>\n</header>\n");
        if (!r.finished()) {
            b.append("<p>This run has not finished: no test metrics yet.</p>\n");
        }
        cards(b, m);
        b.append("<div class=\"two\">\n<section>\n<h2 id=\"metrics\">Test metrics</h2>\n");
        metricsTable(b, m);
        b.append("</section>\n<section>\n");
        perClass(b, m);
        b.append("</section>\n</div>\n");
        b.append("<h2 id=\"pictures\">Training, confusion, ROC and calibration</h2>\n<div class=\"figs\">\n");
        b.append(figure(d.resolve("training-curves.png"), "training curves", "Loss and accuracy per epoch (metrics.csv)."));
        b.append(figure(d.resolve("confusion-matrix.png"), "confusion matrix", "Test confusion matrix: rows true, columns predicted."));
        b.append(figure(d.resolve("roc-curve.png"), "ROC curve", "ROC of the positive class's score; the dot is the 0.5 threshold."));
        b.append(figure(d.resolve("reliability-diagram.png"), "reliability diagram", calibrationCaption(m)));
        b.append("</div>\n");
        String gallery = figure(d.resolve("gradcam-gallery.png"), "Grad-CAM gallery",
                "The network's surest right and wrong test images per class, with the Grad-CAM of the class it chose:"
                        + " warm colours mark what raised that class's score.");
        if (!gallery.isEmpty()) {
            b.append("<h2 id=\"gradcam\">Where the network looks</h2>\n").append(gallery);
        }
        String kernels = figure(d.resolve("conv1-kernels.png"), "kernels", "The first conv layer's learned kernels.")
                + figure(d.resolve("feature-maps-conv1.png"), "feature maps conv1", "Feature maps of the first conv layer for a test image.")
                + figure(d.resolve("feature-maps-conv2.png"), "feature maps conv2", "Feature maps of the second conv layer.");
        if (!kernels.isEmpty()) {
            b.append("<h2 id=\"kernels\">Kernels and feature maps</h2>\n<div class=\"figs\">\n").append(kernels).append("</div>\n");
        }
        data(b, r);
        b.append("<h2 id=\"config\">Config</h2>\n<pre>").append(esc(r.config())).append("</pre>\n");
        provenance(b, r);
        b.append("<footer>Written by cnnlab from the files of ").append(esc(d.toAbsolutePath().normalize().toString()))
                .append(". Self-contained: no script, nothing loaded from the network.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void cards(StringBuilder b, JsonNode m) {
        b.append("<section class=\"cards\">\n");
        boolean medical = m.has("acc");
        card(b, m, medical ? "ACC (test)" : "Test accuracy", medical ? "/acc" : "/testAccuracy", "acc", Format.PERCENT);
        if (m.has("auc")) {
            card(b, m, "AUC (test)", "/auc", "auc", Format.FOUR);
        }
        if (m.has("sensitivity")) {
            card(b, m, "Sensitivity", "/sensitivity", "sensitivity", Format.FOUR);
            card(b, m, "Specificity", "/specificity", "specificity", Format.FOUR);
        }
        if (m.at("/analysis/calibration/ece").isNumber()) {
            b.append("<div class=\"card\"><div class=\"k\">ECE (").append(m.at("/analysis/calibration/bins").asInt())
                    .append(" bins)</div><div class=\"v\">").append(metric(m, "/analysis/calibration/ece", Format.FOUR)).append("</div>");
            if (m.at("/analysis/calibration/temperatureScaling/ece").isNumber()) {
                b.append("<div class=\"ci\">").append(metric(m, "/analysis/calibration/temperatureScaling/ece", Format.FOUR))
                        .append(" after T = ").append(metric(m, "/analysis/calibration/temperatureScaling/temperature", Format.FOUR))
                        .append("</div>");
            }
            b.append("</div>\n");
        }
        b.append("</section>\n");
    }

    private static void card(StringBuilder b, JsonNode m, String label, String pointer, String interval, Format f) {
        b.append("<div class=\"card\"><div class=\"k\">").append(esc(label)).append("</div><div class=\"v\">")
                .append(metric(m, pointer, f)).append("</div>");
        String at = "/analysis/intervals/" + interval;
        if (m.at(at + "/low").isNumber()) {
            b.append("<div class=\"ci\">95% interval ").append(metric(m, at + "/low", f)).append(" &ndash; ")
                    .append(metric(m, at + "/high", f)).append("</div>");
        }
        b.append("</div>\n");
    }

    private static void metricsTable(StringBuilder b, JsonNode m) {
        b.append("<div class=\"scroll\"><table>\n<tr><th>metric</th><th class=\"n\">value</th><th class=\"n\">95% interval</th></tr>\n");
        row(b, m, "test accuracy", "/testAccuracy", m.has("acc") ? null : "acc", Format.PERCENT);
        row(b, m, "test loss (cross-entropy)", "/testLoss", null, Format.FOUR);
        row(b, m, "macro F1", "/macroF1", null, Format.FOUR);
        row(b, m, "ACC (MedMNIST)", "/acc", "acc", Format.FOUR);
        row(b, m, "AUC (MedMNIST)", "/auc", "auc", Format.FOUR);
        row(b, m, "sensitivity at 0.5", "/sensitivity", "sensitivity", Format.FOUR);
        row(b, m, "specificity at 0.5", "/specificity", "specificity", Format.FOUR);
        row(b, m, "best validation accuracy", "/bestValidationAccuracy", null, Format.PERCENT);
        row(b, m, "expected calibration error", "/analysis/calibration/ece", null, Format.FOUR);
        row(b, m, "test NLL", "/analysis/calibration/testNll", null, Format.FOUR);
        row(b, m, "temperature (fitted on validation)", "/analysis/calibration/temperatureScaling/temperature", null, Format.FOUR);
        row(b, m, "ECE after temperature scaling", "/analysis/calibration/temperatureScaling/ece", null, Format.FOUR);
        row(b, m, "test NLL after temperature scaling", "/analysis/calibration/temperatureScaling/testNll", null, Format.FOUR);
        row(b, m, "training seconds", "/trainingSeconds", null, Format.ONE);
        b.append("</table></div>\n");
        JsonNode iv = m.at("/analysis/intervals");
        if (iv.isObject()) {
            b.append("<p class=\"sub\">Intervals: ").append(esc(iv.path("method").asText())).append(", ")
                    .append(iv.path("resamples").asInt()).append(" resamples, seed ").append(iv.path("seed").asLong())
                    .append(". They show the test set's sampling noise, not the noise of another training seed.</p>\n");
        }
        if (m.has("epochs")) {
            b.append("<p class=\"sub\">").append(m.path("testImages").asInt()).append(" test images, ").append(m.path("epochs").asInt())
                    .append(" epochs, best validation epoch ").append(esc(m.path("bestEpoch").asText())).append(".</p>\n");
        }
    }

    private static void row(StringBuilder b, JsonNode m, String label, String pointer, String interval, Format f) {
        if (!m.at(pointer).isNumber()) {
            return;
        }
        String at = "/analysis/intervals/" + interval;
        b.append("<tr><td>").append(esc(label)).append("</td><td class=\"n\">").append(metric(m, pointer, f)).append("</td><td class=\"n\">");
        if (interval != null && m.at(at + "/low").isNumber()) {
            b.append(metric(m, at + "/low", f)).append(" &ndash; ").append(metric(m, at + "/high", f));
        }
        b.append("</td></tr>\n");
    }

    private static void perClass(StringBuilder b, JsonNode m) {
        JsonNode rows = m.path("perClass");
        if (!rows.isArray() || rows.isEmpty()) {
            return;
        }
        String[][] cols = {{"precision", "precision"}, {"recall", "recall"}, {"f1", "F1"}, {"support", "support"}, {"accuracy", "accuracy"},
            {"positives", "positives"}, {"auc", "AUC"}};
        b.append("<h2 id=\"classes\">Per class</h2>\n<div class=\"scroll\"><table>\n<tr><th>class</th>");
        for (String[] c : cols) {
            if (rows.get(0).has(c[0])) {
                b.append("<th class=\"n\">").append(c[1]).append("</th>");
            }
        }
        b.append("</tr>\n");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            b.append("<tr><td>").append(row.path("class").asInt());
            if (row.has("name")) {
                b.append(" ").append(esc(row.path("name").asText()));
            }
            b.append("</td>");
            for (String[] c : cols) {
                if (rows.get(0).has(c[0])) {
                    boolean count = c[0].equals("support") || c[0].equals("positives");
                    b.append("<td class=\"n\">").append(count ? esc(row.path(c[0]).asText())
                            : metric(m, "/perClass/" + i + "/" + c[0], Format.FOUR)).append("</td>");
                }
            }
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
    }

    private static String calibrationCaption(JsonNode m) {
        JsonNode c = m.at("/analysis/calibration");
        if (!c.isObject()) {
            return "Reliability diagram.";
        }
        return "Reliability diagram: the share of right predictions against the confidence (" + esc(c.path("confidence").asText())
                + "), " + c.path("bins").asInt() + " equal-width bins; the closer to the diagonal, the better the probabilities"
                + " can be taken at their word.";
    }

    private static void data(StringBuilder b, RunFiles r) {
        JsonNode ds = r.dataset();
        JsonNode m = r.metrics();
        b.append("<h2 id=\"data\">Data</h2>\n<dl>\n");
        dd(b, "dataset", m.path("dataset").asText(ds.path("dataset").asText("")));
        if (ds.isObject()) {
            for (String k : new String[] {"medmnist", "file", "md5", "publishedMd5", "licence", "task", "channels", "height", "width",
                "classes", "classNames", "trainImages", "validationImages", "testImages", "trainClassCounts", "output", "classWeights",
                "normalisation"}) {
                if (ds.has(k) && !ds.get(k).isNull()) {
                    dd(b, k, ds.get(k).isValueNode() ? ds.get(k).asText() : ds.get(k).toString());
                }
            }
        } else {
            dd(b, "test images", m.path("testImages").asText("?"));
        }
        b.append("</dl>\n");
    }

    private static void provenance(StringBuilder b, RunFiles r) {
        b.append("<h2 id=\"environment\">Environment and provenance</h2>\n<dl>\n");
        JsonNode run = r.run();
        for (String k : new String[] {"name", "source", "status", "started", "updated"}) {
            if (run.has(k)) {
                dd(b, "run " + k, run.get(k).asText());
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = r.environment().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isValueNode()) {
                dd(b, f.getKey(), f.getValue().asText());
            } else if (f.getValue().isArray() && f.getValue().size() > 0 || f.getKey().equals("workspaceMode")) {
                dd(b, f.getKey(), f.getValue().toString());
            }
        }
        b.append("</dl>\n");
        JsonNode history = run.path("statusHistory");
        if (history.isArray() && history.size() > 0) {
            b.append("<details><summary>status history</summary><pre>");
            history.forEach(h -> b.append(esc(h.asText())).append('\n'));
            b.append("</pre></details>\n");
        }
    }

    private static void dd(StringBuilder b, String key, String value) {
        b.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }
}
