package cnnlab.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference 2-D convolution, computed as the lab computes it by hand: a cross-correlation (the
 * kernel is not flipped) summed over input channels, plus a bias per filter.
 *
 * <p>For an input {@code [C][H][W]}, weights {@code [N][C][kH][kW]} and bias {@code [N]}, output cell
 * {@code (n, i, j)} is {@code b[n] + sum over c, u, v of w[n][c][u][v] * x[c][i*sH - pTop + u*dH][j*sW - pLeft + v*dW]},
 * where positions outside the image read 0. The output is {@code [N][outH][outW]}, sizes by
 * {@link Window2d#resolve}. A filter thus has {@code C * kH * kW} weights: a 3x3 kernel on 3 channels
 * is 3x3x3.
 */
public final class Convolution2d {

    private Convolution2d() {
    }

    /**
     * Convolves every filter over the input.
     *
     * @param input {@code [C][H][W]}
     * @param weights {@code [N][C][kH][kW]}; kH and kW must match the window
     * @param bias {@code [N]}, or {@code null} for none
     * @throws IllegalArgumentException on mismatched shapes or a window that does not fit
     */
    public static double[][][] forward(double[][][] input, double[][][][] weights, double[] bias, Window2d window) {
        Window2d.Geometry g = geometry(input, weights, bias, window);
        double[][][] out = new double[weights.length][g.outH()][g.outW()];
        for (int n = 0; n < weights.length; n++) {
            for (int i = 0; i < g.outH(); i++) {
                for (int j = 0; j < g.outW(); j++) {
                    out[n][i][j] = cell(input, weights, bias, g, n, i, j).result();
                }
            }
        }
        return out;
    }

    /** The terms, bias and result of one output cell of filter {@code filter}. */
    public static CellCalculation explain(double[][][] input, double[][][][] weights, double[] bias, Window2d window,
                                          int filter, int row, int col) {
        Window2d.Geometry g = geometry(input, weights, bias, window);
        if (filter < 0 || filter >= weights.length || row < 0 || row >= g.outH() || col < 0 || col >= g.outW()) {
            throw new IllegalArgumentException("cell (" + filter + ", " + row + ", " + col + ") is outside the output "
                    + weights.length + "x" + g.outH() + "x" + g.outW());
        }
        return cell(input, weights, bias, g, filter, row, col);
    }

    private static CellCalculation cell(double[][][] x, double[][][][] w, double[] bias, Window2d.Geometry g,
                                        int n, int i, int j) {
        Window2d win = g.window();
        List<Term> terms = new ArrayList<>();
        double sum = 0;
        for (int c = 0; c < x.length; c++) {
            for (int u = 0; u < win.kernelH(); u++) {
                for (int v = 0; v < win.kernelW(); v++) {
                    int r = g.inputRow(i, u);
                    int s = g.inputCol(j, v);
                    boolean inside = g.inside(r, s);
                    double value = inside ? x[c][r][s] : 0.0;
                    double weight = w[n][c][u][v];
                    sum += value * weight;
                    terms.add(new Term(c, r, s, value, weight, !inside));
                }
            }
        }
        double b = bias == null ? 0.0 : bias[n];
        return new CellCalculation("conv", terms, b, 1, sum + b);
    }

    private static Window2d.Geometry geometry(double[][][] input, double[][][][] weights, double[] bias, Window2d window) {
        Shapes.checkImage(input, "input");
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("at least one filter is needed");
        }
        for (int n = 0; n < weights.length; n++) {
            Shapes.checkImage(weights[n], "filter " + n);
            if (weights[n].length != input.length) {
                throw new IllegalArgumentException("filter " + n + " has " + weights[n].length + " channels, the input has "
                        + input.length + ": a kernel on C channels is C x kH x kW");
            }
            if (weights[n][0].length != window.kernelH() || weights[n][0][0].length != window.kernelW()) {
                throw new IllegalArgumentException("filter " + n + " is " + weights[n][0].length + "x" + weights[n][0][0].length
                        + ", the window says " + window.kernelH() + "x" + window.kernelW());
            }
        }
        if (bias != null && bias.length != weights.length) {
            throw new IllegalArgumentException("bias has " + bias.length + " values for " + weights.length + " filters");
        }
        return window.resolve(input[0].length, input[0][0].length);
    }
}
