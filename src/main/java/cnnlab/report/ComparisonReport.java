package cnnlab.report;

import static cnnlab.report.Html.esc;
import static cnnlab.report.Html.metric;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import cnnlab.io.AtomicFiles;
import cnnlab.metrics.Bootstrap;
import cnnlab.metrics.Noise;
import cnnlab.report.Html.Format;

/**
 * One page that compares several runs (a sweep): a table of their test accuracy (ACC) and AUC with
 * bootstrap 95% intervals, ECE, epochs and time, the best run in bold and a {@code ~} on every run
 * whose interval overlaps the best one's (the difference is inside the test set's noise, as
 * {@code cnnlab runs} marks it); then each run's training curves and reliability diagram side by
 * side, and the configs. Self-contained as {@link RunReport}: inline style, pictures as data URIs,
 * no script.
 */
public final class ComparisonReport {

    private ComparisonReport() {
    }

    /** Writes the page of {@code runs} to {@code out} (atomically) and returns it. */
    public static Path write(List<Path> runs, Path out) throws IOException {
        List<RunFiles> files = new ArrayList<>();
        for (Path r : runs) {
            files.add(RunFiles.read(r));
        }
        AtomicFiles.writeString(out, html(files));
        return out;
    }

    static String html(List<RunFiles> runs) throws IOException {
        StringBuilder b = new StringBuilder(Html.head("cnnlab: " + runs.size() + " runs compared"));
        b.append("<body>\n<main>\n<header>\n<h1>").append(runs.size()).append(" runs compared</h1>\n<p class=\"sub\">")
                .append(esc(String.join(", ", runs.stream().map(RunFiles::name).toList()))).append("</p>\n</header>\n");
        int n = runs.size();
        double[] acc = new double[n];
        double[] auc = new double[n];
        Bootstrap.Interval[] accIv = new Bootstrap.Interval[n];
        Bootstrap.Interval[] aucIv = new Bootstrap.Interval[n];
        boolean anyAuc = false;
        for (int i = 0; i < n; i++) {
            JsonNode m = runs.get(i).metrics();
            acc[i] = value(m, accPointer(m));
            auc[i] = value(m, "/auc");
            accIv[i] = AnalysisBlock.interval(m, "acc");
            aucIv[i] = AnalysisBlock.interval(m, "auc");
            anyAuc |= !Double.isNaN(auc[i]);
        }
        boolean[] accNoise = Noise.withinNoiseOfBest(acc, accIv);
        boolean[] aucNoise = Noise.withinNoiseOfBest(auc, aucIv);
        int best = Noise.best(acc, accIv);
        b.append("<h2 id=\"table\">Test metrics</h2>\n<div class=\"scroll\"><table>\n<tr><th>run</th><th>status</th><th class=\"n\">")
                .append("test accuracy</th><th class=\"n\">95% interval</th>");
        if (anyAuc) {
            b.append("<th class=\"n\">AUC</th><th class=\"n\">95% interval</th>");
        }
        b.append("<th class=\"n\">ECE</th><th class=\"n\">epochs</th><th class=\"n\">seconds</th></tr>\n");
        for (int i = 0; i < n; i++) {
            RunFiles r = runs.get(i);
            JsonNode m = r.metrics();
            b.append("<tr data-run=\"").append(esc(r.name())).append("\"").append(i == best ? " class=\"best\"" : "").append("><td><a href=\"#run-").append(i).append("\">")
                    .append(esc(r.name())).append("</a></td><td>").append(esc(r.run().path("status").asText("?"))).append("</td>");
            b.append("<td class=\"n\">").append(metric(m, accPointer(m), Format.PERCENT)).append(accNoise[i] ? " <span class=\"noise\">~</span>" : "")
                    .append("</td><td class=\"n\">").append(range(m, "acc", Format.PERCENT)).append("</td>");
            if (anyAuc) {
                b.append("<td class=\"n\">").append(metric(m, "/auc", Format.FOUR)).append(aucNoise[i] ? " <span class=\"noise\">~</span>" : "")
                        .append("</td><td class=\"n\">").append(range(m, "auc", Format.FOUR)).append("</td>");
            }
            b.append("<td class=\"n\">").append(metric(m, "/analysis/calibration/ece", Format.FOUR)).append("</td><td class=\"n\">")
                    .append(esc(m.path("epochs").asText("-"))).append("</td><td class=\"n\">")
                    .append(metric(m, "/trainingSeconds", Format.ONE)).append("</td></tr>\n");
        }
        b.append("</table></div>\n<p class=\"sub\">Bold: the best test accuracy. ~: the run's 95% bootstrap interval overlaps the best"
                + " run's, so the difference is inside the test set's noise (intervals from each run's metrics.json).</p>\n");
        for (int i = 0; i < n; i++) {
            RunFiles r = runs.get(i);
            b.append("<h2 id=\"run-").append(i).append("\">").append(esc(r.name())).append("</h2>\n<div class=\"figs\">\n")
                    .append(Html.figure(r.dir().resolve("training-curves.png"), "training curves of " + r.name(), "Training curves."))
                    .append(Html.figure(r.dir().resolve("reliability-diagram.png"), "reliability diagram of " + r.name(),
                            "Reliability diagram."))
                    .append("</div>\n<details><summary>config.yaml</summary><pre>").append(esc(r.config())).append("</pre></details>\n");
        }
        b.append("<footer>Written by cnnlab. Self-contained: no script, nothing loaded from the network.</footer>\n</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** MedMNIST runs are compared on ACC, others on the test accuracy (the same number for single-label data). */
    private static String accPointer(JsonNode m) {
        return m.has("acc") ? "/acc" : "/testAccuracy";
    }

    private static double value(JsonNode m, String pointer) {
        JsonNode v = m.at(pointer);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static String range(JsonNode m, String name, Format f) {
        String at = "/analysis/intervals/" + name;
        return m.at(at + "/low").isNumber() ? metric(m, at + "/low", f) + " &ndash; " + metric(m, at + "/high", f) : "<span class=\"na\">-</span>";
    }
}
