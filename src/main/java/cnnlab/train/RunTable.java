package cnnlab.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import cnnlab.records.MedicalSummary;
import cnnlab.records.RunFileException;
import cnnlab.records.RunInfo;
import cnnlab.records.RunJson;
import cnnlab.records.RunMetrics;

import cnnlab.metrics.Bootstrap;
import cnnlab.metrics.Noise;
import cnnlab.report.AnalysisBlock;

/**
 * The runs under a folder, one row each, for comparing a sweep at a glance: name, source config,
 * status, epochs, best validation accuracy, test accuracy and training time; for runs on MedMNIST
 * data also the test AUC and, for binary tasks, sensitivity and specificity. Rendered as an aligned
 * table, CSV or Markdown; the AUC column appears when some run has an AUC, the sensitivity and
 * specificity columns when some run has them (so a table of MNIST runs looks as it always did).
 * Runs with bootstrap 95% intervals in metrics.json ({@code analysis.intervals}) show them beside
 * the test accuracy and AUC, and a {@code ~} marks a run whose interval overlaps the best run's: the
 * difference from the best is inside the test set's noise (see {@link Noise}).
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
     * @param testAuc MedMNIST's AUC on the test images, NaN if none
     * @param sensitivity binary MedMNIST runs: sensitivity at 0.5, else NaN
     * @param specificity binary MedMNIST runs: specificity at 0.5, else NaN
     * @param accInterval the test accuracy's (MedMNIST runs: ACC's) bootstrap 95% interval, or {@code null}
     * @param aucInterval the test AUC's bootstrap 95% interval, or {@code null}
     */
    public record Row(String run, String config, String status, String epochs, double bestValidationAccuracy,
                      double testAccuracy, double seconds, double testAuc, double sensitivity, double specificity,
                      Bootstrap.Interval accInterval, Bootstrap.Interval aucInterval) {

        /** A row without intervals. */
        public Row(String run, String config, String status, String epochs, double bestValidationAccuracy, double testAccuracy,
                   double seconds, double testAuc, double sensitivity, double specificity) {
            this(run, config, status, epochs, bestValidationAccuracy, testAccuracy, seconds, testAuc, sensitivity, specificity, null, null);
        }

        /** A row without MedMNIST metrics. */
        public Row(String run, String config, String status, String epochs, double bestValidationAccuracy, double testAccuracy,
                   double seconds) {
            this(run, config, status, epochs, bestValidationAccuracy, testAccuracy, seconds, Double.NaN, Double.NaN, Double.NaN);
        }
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
                String problem = e instanceof RunFileException ? "unreadable JSON" : e.getClass().getSimpleName();
                rows.add(new Row(d.getFileName().toString(), "", "damaged (" + problem + ")", "?", Double.NaN, Double.NaN, 0));
            }
        }
        return rows;
    }

    private static Row row(RunDirectory dir) throws IOException {
        RunInfo info = RunJson.readIfExists(dir.runInfo(), RunInfo.class);
        RunMetrics metrics = RunJson.readIfExists(dir.metricsJson(), RunMetrics.class);
        String status = info == null || info.status() == null ? "unknown" : info.status();
        String source = info == null || info.source() == null ? "" : info.source();
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
        boolean final_ = metrics != null && !"running".equals(status);
        MedicalSummary medical = final_ ? metrics.test().medical() : null;
        return new Row(dir.name(), source, status, done + "/" + planned, best, final_ ? metrics.test().accuracy() : Double.NaN,
                seconds, final_ ? metrics.auc() : Double.NaN, medical == null ? Double.NaN : medical.sensitivityOrNaN(),
                medical == null ? Double.NaN : medical.specificityOrNaN(),
                final_ ? AnalysisBlock.intervalIn(metrics.analysis(), "acc") : null,
                final_ ? AnalysisBlock.intervalIn(metrics.analysis(), "auc") : null);
    }

    private static int plannedEpochs(RunDirectory dir) {
        try {
            return cnnlab.config.ConfigLoader.load(dir.config()).training.epochs;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** How {@code cnnlab runs} prints the rows: an aligned table, CSV, or a Markdown table. */
    public enum Format {
        TABLE, CSV, MARKDOWN;

        /** The rows in this format. */
        public String render(List<Row> rows) {
            return switch (this) {
                case TABLE -> table(rows);
                case CSV -> csv(rows);
                case MARKDOWN -> markdown(rows);
            };
        }
    }

    /** The rows as an aligned text table. */
    public static String table(List<Row> rows) {
        boolean auc = anyAuc(rows);
        boolean binary = anyBinary(rows);
        boolean iv = anyInterval(rows);
        Marks marks = marks(rows);
        String f = "%-44s %-10s %-7s %9s " + (iv ? "%-24s" : "%9s") + (auc ? (iv ? " %-21s" : " %7s") : "%s")
                + (binary ? " %6s %6s" : "%s%s") + " %9s  %s%n";
        StringBuilder sb = new StringBuilder(String.format(f, "run", "status", "epochs", "best val", iv ? "test [95% interval]" : "test",
                auc ? (iv ? "auc [95% interval]" : "auc") : "", binary ? "sens" : "", binary ? "spec" : "", "time", "config"));
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String test = pct(r.testAccuracy()) + (iv && r.accInterval() != null ? " " + pctRange(r.accInterval()) : "")
                    + (marks.acc[i] ? " ~" : "");
            String a = three(r.testAuc()) + (iv && r.aucInterval() != null ? " " + threeRange(r.aucInterval()) : "")
                    + (marks.auc[i] ? " ~" : "");
            sb.append(String.format(Locale.ROOT, f, r.run(), r.status(), r.epochs(), pct(r.bestValidationAccuracy()),
                    test, auc ? a : "", binary ? three(r.sensitivity()) : "",
                    binary ? three(r.specificity()) : "", time(r.seconds()), r.config()));
        }
        sb.append(marks.note());
        return sb.toString();
    }

    /** The rows as CSV with a header (accuracies and AUC 0 to 1, empty when unknown). */
    public static String csv(List<Row> rows) {
        boolean auc = anyAuc(rows);
        boolean binary = anyBinary(rows);
        StringBuilder sb = new StringBuilder("run,status,epochs,best_val_accuracy,test_accuracy," + (auc ? "test_auc," : "")
                + (binary ? "sensitivity,specificity," : "") + "seconds,config" + (anyInterval(rows)
                ? ",test_accuracy_low,test_accuracy_high,test_accuracy_within_noise_of_best,test_auc_low,test_auc_high,"
                        + "test_auc_within_noise_of_best" : "") + "\n");
        boolean iv = anyInterval(rows);
        Marks marks = marks(rows);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> cells = new ArrayList<>(List.of(csvField(r.run()), csvField(r.status()), r.epochs(), num(r.bestValidationAccuracy()),
                    num(r.testAccuracy())));
            if (auc) {
                cells.add(num(r.testAuc()));
            }
            if (binary) {
                cells.add(num(r.sensitivity()));
                cells.add(num(r.specificity()));
            }
            cells.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            cells.add(csvField(r.config()));
            if (iv) {
                cells.addAll(List.of(low(r.accInterval()), high(r.accInterval()), Boolean.toString(marks.acc[i]), low(r.aucInterval()),
                        high(r.aucInterval()), Boolean.toString(marks.auc[i])));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        boolean auc = anyAuc(rows);
        boolean binary = anyBinary(rows);
        StringBuilder sb = new StringBuilder("| run | status | epochs | best val | test |" + (auc ? " AUC |" : "")
                + (binary ? " sensitivity | specificity |" : "") + " time | config |\n|---|---|---:|---:|---:|"
                + (auc ? "---:|" : "") + (binary ? "---:|---:|" : "") + "---:|---|\n");
        Marks marks = marks(rows);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> cells = new ArrayList<>(List.of(r.run(), r.status(), r.epochs(), pct(r.bestValidationAccuracy()),
                    pct(r.testAccuracy()) + (r.accInterval() != null ? " " + pctRange(r.accInterval()) : "") + (marks.acc[i] ? " ~" : "")));
            if (auc) {
                cells.add(three(r.testAuc()) + (r.aucInterval() != null ? " " + threeRange(r.aucInterval()) : "")
                        + (marks.auc[i] ? " ~" : ""));
            }
            if (binary) {
                cells.add(three(r.sensitivity()));
                cells.add(three(r.specificity()));
            }
            cells.add(time(r.seconds()));
            cells.add(r.config());
            sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        if (!marks.note().isEmpty()) {
            sb.append('\n').append(marks.note());
        }
        return sb.toString();
    }

    /**
     * Which rows are within the noise of the best run ({@link Noise}): for the test accuracy and for
     * the AUC, and the note that explains the mark, or "" when no row is marked.
     */
    private record Marks(boolean[] acc, boolean[] auc, String note) {
    }

    private static Marks marks(List<Row> rows) {
        int n = rows.size();
        double[] acc = new double[n];
        double[] auc = new double[n];
        Bootstrap.Interval[] accIv = new Bootstrap.Interval[n];
        Bootstrap.Interval[] aucIv = new Bootstrap.Interval[n];
        for (int i = 0; i < n; i++) {
            acc[i] = rows.get(i).testAccuracy();
            auc[i] = rows.get(i).testAuc();
            accIv[i] = rows.get(i).accInterval();
            aucIv[i] = rows.get(i).aucInterval();
        }
        boolean[] a = Noise.withinNoiseOfBest(acc, accIv);
        boolean[] u = Noise.withinNoiseOfBest(auc, aucIv);
        StringBuilder note = new StringBuilder();
        int bestAcc = Noise.best(acc, accIv);
        if (anyTrue(a)) {
            note.append("~ test: its 95% interval overlaps that of the best run (").append(rows.get(bestAcc).run())
                    .append("): the difference is inside the test set's noise\n");
        }
        int bestAuc = Noise.best(auc, aucIv);
        if (anyTrue(u)) {
            note.append("~ auc: its 95% interval overlaps that of the best run (").append(rows.get(bestAuc).run())
                    .append("): the difference is inside the test set's noise\n");
        }
        return new Marks(a, u, note.toString());
    }

    private static boolean anyTrue(boolean[] b) {
        for (boolean x : b) {
            if (x) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyInterval(List<Row> rows) {
        return rows.stream().anyMatch(r -> r.accInterval() != null || r.aucInterval() != null);
    }

    private static String pctRange(Bootstrap.Interval i) {
        return String.format(Locale.ROOT, "[%.2f, %.2f]", 100 * i.low(), 100 * i.high());
    }

    private static String threeRange(Bootstrap.Interval i) {
        return String.format(Locale.ROOT, "[%.3f, %.3f]", i.low(), i.high());
    }

    private static String low(Bootstrap.Interval i) {
        return i == null ? "" : num(i.low());
    }

    private static String high(Bootstrap.Interval i) {
        return i == null ? "" : num(i.high());
    }

    /** A CSV field, quoted when it holds a comma, quote or line break. */
    private static String csvField(String s) {
        return s.matches("(?s).*[,\"\n\r].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static boolean anyAuc(List<Row> rows) {
        return rows.stream().anyMatch(r -> !Double.isNaN(r.testAuc()));
    }

    private static boolean anyBinary(List<Row> rows) {
        return rows.stream().anyMatch(r -> !Double.isNaN(r.sensitivity()) || !Double.isNaN(r.specificity()));
    }

    private static String three(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
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
