package cnnlab.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference pooling: max, sum or average over each window, channel by channel.
 *
 * <p>Padding never takes part in a max. It adds 0 to a sum. For an average, the sum is divided by
 * {@code kH * kW} when {@code includePadInDivisor} is true (padding counted as zeros), or by the number
 * of window positions inside the image when it is false. Output sizes follow {@link Window2d#resolve};
 * channels are unchanged.
 */
public final class Pooling2d {

    private Pooling2d() {
    }

    /**
     * Pools every channel of {@code input} ({@code [C][H][W]}).
     *
     * @param includePadInDivisor for {@link PoolingKind#AVG} only: whether padded positions count in the divisor
     * @throws IllegalArgumentException on a window that does not fit, or a window lying wholly in the padding
     */
    public static double[][][] forward(double[][][] input, PoolingKind kind, Window2d window, boolean includePadInDivisor) {
        Shapes.checkImage(input, "input");
        Window2d.Geometry g = window.resolve(input[0].length, input[0][0].length);
        double[][][] out = new double[input.length][g.outH()][g.outW()];
        for (int c = 0; c < input.length; c++) {
            for (int i = 0; i < g.outH(); i++) {
                for (int j = 0; j < g.outW(); j++) {
                    out[c][i][j] = cell(input, kind, g, includePadInDivisor, c, i, j).result();
                }
            }
        }
        return out;
    }

    /** The window, divisor and result of one output cell. */
    public static CellCalculation explain(double[][][] input, PoolingKind kind, Window2d window, boolean includePadInDivisor,
                                          int channel, int row, int col) {
        Shapes.checkImage(input, "input");
        Window2d.Geometry g = window.resolve(input[0].length, input[0][0].length);
        if (channel < 0 || channel >= input.length || row < 0 || row >= g.outH() || col < 0 || col >= g.outW()) {
            throw new IllegalArgumentException("cell (" + channel + ", " + row + ", " + col + ") is outside the output "
                    + input.length + "x" + g.outH() + "x" + g.outW());
        }
        return cell(input, kind, g, includePadInDivisor, channel, row, col);
    }

    private static CellCalculation cell(double[][][] x, PoolingKind kind, Window2d.Geometry g, boolean includePad,
                                        int c, int i, int j) {
        Window2d win = g.window();
        List<Term> terms = new ArrayList<>();
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int present = 0;
        for (int u = 0; u < win.kernelH(); u++) {
            for (int v = 0; v < win.kernelW(); v++) {
                int r = g.inputRow(i, u);
                int s = g.inputCol(j, v);
                boolean inside = g.inside(r, s);
                double value = inside ? x[c][r][s] : 0.0;
                terms.add(new Term(c, r, s, value, Double.NaN, !inside));
                if (inside) {
                    present++;
                    max = Math.max(max, value);
                    sum += value;
                }
            }
        }
        switch (kind) {
            case MAX:
                if (present == 0) {
                    throw new IllegalArgumentException("output cell (" + i + ", " + j + ") sees only padding");
                }
                return new CellCalculation("max", terms, 0, 1, max);
            case SUM:
                return new CellCalculation("sum", terms, 0, 1, sum);
            case AVG: {
                int divisor = includePad ? win.kernelH() * win.kernelW() : present;
                if (divisor == 0) {
                    throw new IllegalArgumentException("output cell (" + i + ", " + j + ") sees only padding");
                }
                return new CellCalculation("avg", terms, 0, divisor, sum / divisor);
            }
            default:
                throw new AssertionError(kind);
        }
    }
}
