package cnnlab.plot;

import java.nio.file.Path;
import java.util.Locale;

/** Input checks shared by the plots; every failure is an IllegalArgumentException with a one-line message. */
final class Check {

    private Check() {
    }

    static String title(String title) {
        if (title == null) {
            throw new IllegalArgumentException("title must not be null (use \"\" for none)");
        }
        return Canvas.oneLine(title);
    }

    static void png(Path png) {
        if (png == null) {
            throw new IllegalArgumentException("png path must not be null");
        }
        Path name = png.getFileName();
        if (name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("png path must name a .png file, got " + png);
        }
    }

    /** {@code [H][W]}, non-empty and rectangular. */
    static void matrix(double[][] m, String name) {
        if (m == null || m.length == 0 || m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row and one column");
        }
        int w = m[0].length;
        for (int r = 0; r < m.length; r++) {
            if (m[r] == null || m[r].length != w) {
                throw new IllegalArgumentException(name + ": row " + r + " has "
                        + (m[r] == null ? "no array" : m[r].length + " columns") + ", expected " + w);
            }
        }
    }

    /** {@code [C][H][W]}, non-empty and rectangular; returns {@code {C, H, W}}. */
    static int[] stack(double[][][] x, String name) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one channel");
        }
        for (int c = 0; c < x.length; c++) {
            matrix(x[c], name + "[" + c + "]");
            if (x[c].length != x[0].length || x[c][0].length != x[0][0].length) {
                throw new IllegalArgumentException(name + "[" + c + "] is " + x[c].length + "x" + x[c][0].length
                        + ", expected " + x[0].length + "x" + x[0][0].length + " like " + name + "[0]");
            }
        }
        return new int[] {x.length, x[0].length, x[0][0].length};
    }

    /** {@code [N][C][H][W]}, non-empty and rectangular; returns {@code {N, C, H, W}}. */
    static int[] bank(double[][][][] w, String name) {
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one filter");
        }
        int[] first = stack(w[0], name + "[0]");
        for (int n = 1; n < w.length; n++) {
            int[] s = stack(w[n], name + "[" + n + "]");
            if (s[0] != first[0] || s[1] != first[1] || s[2] != first[2]) {
                throw new IllegalArgumentException(name + "[" + n + "] is " + s[0] + "x" + s[1] + "x" + s[2]
                        + ", expected " + first[0] + "x" + first[1] + "x" + first[2] + " like " + name + "[0]");
            }
        }
        return new int[] {w.length, first[0], first[1], first[2]};
    }
}
