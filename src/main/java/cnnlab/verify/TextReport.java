package cnnlab.verify;

import java.util.ArrayList;
import java.util.List;

import cnnlab.reference.CellCalculation;
import cnnlab.reference.Numbers;

/**
 * Writes a {@link VerificationReport} for people: per example the grids side by side (input, kernel,
 * slide, reference, DL4J), disagreeing cells marked with {@code *} and explained below, then the totals.
 */
public final class TextReport {

    private static final String GAP = "   ";

    private TextReport() {
    }

    /** Grids with more rows or columns than this are not printed side by side (they would not read as grids). */
    static final int MAX_PRINTED = 60;

    /** The whole report. */
    public static String render(VerificationReport report) {
        StringBuilder out = new StringBuilder();
        for (ExampleResult r : report.results()) {
            out.append(example(r, report)).append('\n');
        }
        VerificationReport.Summary s = report.summary();
        out.append("Summary: ").append(s.examples()).append(" examples, ").append(s.cells()).append(" cells checked, ")
                .append(s.errata()).append(" slide errata, ").append(s.deviations()).append(" DL4J deviations, ")
                .append(s.unexpected()).append(" unexpected\n");
        for (String u : report.unexpected()) {
            out.append("UNEXPECTED: ").append(u).append('\n');
        }
        for (KnownFindings.Finding f : report.stale()) {
            out.append("NO LONGER FOUND (pinned in known-findings.yaml): ").append(f.example()).append(" (").append(f.row())
                    .append(", ").append(f.col()).append(") ").append(f.verdict().label()).append('\n');
        }
        out.append(report.asExpected() ? "Every disagreement is a known, explained finding.\n"
                : "Verification FAILED: see the lines above.\n");
        return out.toString();
    }

    /** One example: heading, parameters, grids side by side and the findings. */
    public static String example(ExampleResult r, VerificationReport report) {
        Example e = r.example();
        StringBuilder out = new StringBuilder();
        out.append("== ").append(e.id()).append(": ").append(e.slide()).append('\n');
        out.append("   ").append(e.op().label()).append(", ").append(e.window())
                .append(e.op() == Op.AVG ? ", padding counted in divisor: " + e.includePadInDivisor() : "")
                .append(e.paramsInferred() ? " (stride and padding not printed: inferred from the grid sizes)" : "")
                .append('\n');
        out.append("   DL4J side: ").append(Dl4jLayers.describe(e.op(), e.includePadInDivisor())).append('\n');
        if (e.expectedShape() != null) {
            out.append("   output size by floor((W - F + 2P) / S) + 1: ").append(e.expectedShape()[0]).append('x')
                    .append(e.expectedShape()[1]).append(", computed: ").append(r.reference().length).append('x')
                    .append(r.reference()[0].length).append('\n');
        }
        if (e.input()[0].length > MAX_PRINTED || e.input()[0][0].length > MAX_PRINTED) {
            out.append("   (grids not printed: the input is ").append(e.input()[0].length).append('x').append(e.input()[0][0].length)
                    .append(", more than ").append(MAX_PRINTED).append(" rows or columns; --json writes them out)\n");
        } else {
            out.append(grids(r));
        }
        for (Disagreement d : r.disagreements()) {
            out.append("   * (").append(d.row()).append(", ").append(d.col()).append(") ").append(d.verdict().label())
                    .append(": slide ").append(d.slide() == null ? "-" : Numbers.format(d.slide()))
                    .append(", reference ").append(Numbers.format(d.reference()))
                    .append(", DL4J ").append(Numbers.format(d.dl4j())).append('\n');
            out.append("     ").append(d.arithmetic()).append('\n');
            report.knownFinding(d).ifPresentOrElse(
                    f -> out.append("     known finding: ").append(f.why()).append('\n'),
                    () -> out.append("     NOT a known finding\n"));
        }
        return out.toString();
    }

    /** The grids of an example side by side: input, kernel, slide, reference and DL4J, disagreeing cells marked. */
    private static String grids(ExampleResult r) {
        Example e = r.example();
        List<Block> blocks = new ArrayList<>();
        blocks.add(Block.of("input", e.input(), null));
        if (e.kernel() != null) {
            blocks.add(Block.of("kernel", e.kernel(), null));
        }
        boolean[][] marks = marks(r);
        blocks.add(e.printed() == null ? Block.empty("slide", "(not printed)") : Block.of("slide", new double[][][] {e.printed()}, marks));
        blocks.add(Block.of("reference", new double[][][] {r.reference()}, marks));
        blocks.add(Block.of("DL4J", new double[][][] {r.dl4j()}, marks));
        return sideBySide(blocks);
    }

    /** The calculation of one cell, written out as the slides do, with the three values. */
    public static String explain(Example e, int row, int col) {
        double[][] reference = ThreeWayCheck.reference(e);
        ThreeWayCheck.requireCell(e, reference, row, col);
        CellCalculation calc = ThreeWayCheck.explain(e, row, col);
        double dl4j = ThreeWayCheck.dl4j(e, org.deeplearning4j.nn.conf.CNN2DFormat.NCHW)[row][col];
        StringBuilder out = new StringBuilder();
        out.append(e.id()).append(": ").append(e.slide()).append(", output cell (").append(row).append(", ").append(col)
                .append(")\n");
        out.append("   ").append(e.op().label()).append(", ").append(e.window()).append('\n');
        int rows = e.window().kernelH();
        int cols = e.window().kernelW();
        int perChannel = rows * cols;
        for (int c = 0; c * perChannel < calc.terms().size(); c++) {
            var first = calc.terms().get(c * perChannel);
            var last = calc.terms().get(c * perChannel + perChannel - 1);
            out.append("   window").append(calc.terms().size() > perChannel ? " of channel " + c : "")
                    .append(": input rows ").append(first.row()).append("..").append(last.row())
                    .append(", columns ").append(first.col()).append("..").append(last.col())
                    .append(" (positions outside the image are padding, value 0)\n");
            for (int u = 0; u < rows; u++) {
                out.append("     ");
                for (int v = 0; v < cols; v++) {
                    var t = calc.terms().get(c * perChannel + u * cols + v);
                    String cell = t.padded() ? "pad" : Numbers.format(t.value());
                    if (e.op() == Op.CONV) {
                        cell += "×" + Numbers.format(t.weight());
                    }
                    out.append(String.format("%8s", cell));
                }
                out.append('\n');
            }
        }
        out.append("   ").append(calc.formula()).append('\n');
        out.append("   slide: ").append(e.printed() == null ? "(not printed)" : Numbers.format(e.printed()[row][col]))
                .append(", reference: ").append(Numbers.format(calc.result())).append(", DL4J: ").append(Numbers.format(dl4j))
                .append('\n');
        return out.toString();
    }

    private static boolean[][] marks(ExampleResult r) {
        boolean[][] marks = new boolean[r.reference().length][r.reference()[0].length];
        for (Disagreement d : r.disagreements()) {
            marks[d.row()][d.col()] = true;
        }
        return marks;
    }

    /** A titled column of text lines. */
    private record Block(String title, List<String> lines) {

        static Block of(String title, double[][][] grid, boolean[][] marks) {
            int width = 1;
            for (double[][] channel : grid) {
                for (double[] row : channel) {
                    for (double v : row) {
                        width = Math.max(width, Numbers.format(v).length());
                    }
                }
            }
            List<String> lines = new ArrayList<>();
            for (int c = 0; c < grid.length; c++) {
                if (c > 0) {
                    lines.add("");
                }
                for (int i = 0; i < grid[c].length; i++) {
                    StringBuilder line = new StringBuilder();
                    for (int j = 0; j < grid[c][i].length; j++) {
                        boolean mark = marks != null && marks[i][j];
                        line.append(String.format("%" + (width + 1) + "s", Numbers.format(grid[c][i][j]))).append(mark ? "*" : " ");
                    }
                    lines.add(line.toString());
                }
            }
            return new Block(title, lines);
        }

        static Block empty(String title, String text) {
            return new Block(title, List.of(" " + text));
        }

        int width() {
            return Math.max(title.length(), lines.stream().mapToInt(String::length).max().orElse(0));
        }
    }

    private static String sideBySide(List<Block> blocks) {
        StringBuilder out = new StringBuilder("   ");
        for (Block b : blocks) {
            out.append(pad(b.title(), b.width())).append(GAP);
        }
        out = new StringBuilder(out.toString().stripTrailing()).append('\n');
        int height = blocks.stream().mapToInt(b -> b.lines().size()).max().orElse(0);
        for (int i = 0; i < height; i++) {
            StringBuilder line = new StringBuilder("   ");
            for (Block b : blocks) {
                line.append(pad(i < b.lines().size() ? b.lines().get(i) : "", b.width())).append(GAP);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
