package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The runs under a folder, one row each, for comparing a sweep at a glance: name, source config,
 * status, epochs, best validation accuracy, test accuracy and training time. Rendered as an aligned
 * table, CSV or Markdown.
 */
public final class RunTable {

    /**
     * One run.
     *
     * @param run run directory name
     * @param config the config file it was started from
     * @param status running, stopped or finished (as of its last write)
     * @param epochs epochs done / planned
     * @param bestValidationAccuracy 0 to 1, NaN if unknown
     * @param testAccuracy 0 to 1, NaN if not finished
     * @param seconds training seconds so far
     */
    public record Row(String run, String config, String status, String epochs, double bestValidationAccuracy,
                      double testAccuracy, double seconds) {
    }

    private RunTable() {
    }

    /** Reads every run directory directly under {@code runsDir}, oldest first. */
    public static List<Row> read(Path runsDir) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!Files.isDirectory(runsDir)) {
            return rows;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runsDir)) {
            dirs = s.filter(Files::isDirectory).filter(RunDirectory::isRun).sorted(Comparator.comparing(Path::getFileName)).toList();
        }
        for (Path d : dirs) {
            try {
                rows.add(row(new RunDirectory(d)));
            } catch (IOException | RuntimeException e) {
                String problem = e instanceof com.fasterxml.jackson.core.JacksonException ? "unreadable JSON" : e.getClass().getSimpleName();
                rows.add(new Row(d.getFileName().toString(), "", "damaged (" + problem + ")", "?", Double.NaN, Double.NaN, 0));
            }
        }
        return rows;
    }

    private static Row row(RunDirectory dir) throws IOException {
        JsonNode info = json(dir.runInfo());
        JsonNode metrics = json(dir.metricsJson());
        String status = info == null ? "unknown" : info.path("status").asText("unknown");
        String source = info == null ? "" : info.path("source").asText("");
        int planned = plannedEpochs(dir);
        List<String> csv = Files.exists(dir.metricsCsv()) ? Files.readAllLines(dir.metricsCsv()) : List.of();
        int done = Math.max(0, csv.size() - 1);
        double best = Double.NaN;
        double seconds = 0;
        for (String line : csv.subList(Math.min(1, csv.size()), csv.size())) {
            String[] f = line.split(",", -1);
            if (f.length >= 6) {
                if (!f[3].isEmpty()) {
                    double acc = Double.parseDouble(f[3]);
                    best = Double.isNaN(best) ? acc : Math.max(best, acc);
                }
                seconds += Double.parseDouble(f[5]);
            }
        }
        double test = metrics == null || "running".equals(status) ? Double.NaN : metrics.path("testAccuracy").asDouble(Double.NaN);
        return new Row(dir.name(), source, status, done + "/" + planned, best, test, seconds);
    }

    private static int plannedEpochs(RunDirectory dir) {
        try {
            return cnnlab.config.ConfigLoader.load(dir.config()).training.epochs;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static JsonNode json(Path file) throws IOException {
        return Files.exists(file) ? TrainingRun.JSON.readTree(file.toFile()) : null;
    }

    /** The rows as an aligned text table. */
    public static String table(List<Row> rows) {
        String f = "%-44s %-10s %-7s %9s %9s %9s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(f, "run", "status", "epochs", "best val", "test", "time", "config"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, f, r.run(), r.status(), r.epochs(), pct(r.bestValidationAccuracy()),
                    pct(r.testAccuracy()), time(r.seconds()), r.config()));
        }
        return sb.toString();
    }

    /** The rows as CSV with a header (accuracies 0 to 1, empty when unknown). */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("run,status,epochs,best_val_accuracy,test_accuracy,seconds,config\n");
        for (Row r : rows) {
            sb.append(String.join(",", csvField(r.run()), csvField(r.status()), r.epochs(), num(r.bestValidationAccuracy()),
                    num(r.testAccuracy()), String.format(Locale.ROOT, "%.1f", r.seconds()), csvField(r.config()))).append('\n');
        }
        return sb.toString();
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| run | status | epochs | best val | test | time | config |\n|---|---|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(String.join(" | ", r.run(), r.status(), r.epochs(), pct(r.bestValidationAccuracy()),
                    pct(r.testAccuracy()), time(r.seconds()), r.config())).append(" |\n");
        }
        return sb.toString();
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    private static String csvField(String s) {
        return s.matches("(?s).*[,\"\n\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String time(double s) {
        long t = Math.round(s);
        return String.format("%d:%02d", t / 60, t % 60);
    }

}
