package cnnlab.reference;

/** Checks that plain arrays are rectangular, so the reference never indexes a ragged row. */
final class Shapes {

    private Shapes() {
    }

    /** Checks {@code [C][H][W]} is non-empty and rectangular. */
    static void checkImage(double[][][] x, String name) {
        if (x == null || x.length == 0 || x[0].length == 0 || x[0][0].length == 0) {
            throw new IllegalArgumentException(name + " must have at least one channel, row and column");
        }
        int h = x[0].length;
        int w = x[0][0].length;
        for (int c = 0; c < x.length; c++) {
            if (x[c].length != h) {
                throw new IllegalArgumentException(name + ": channel " + c + " has " + x[c].length + " rows, expected " + h);
            }
            for (int r = 0; r < h; r++) {
                if (x[c][r].length != w) {
                    throw new IllegalArgumentException(name + ": channel " + c + " row " + r + " has "
                            + x[c][r].length + " columns, expected " + w);
                }
            }
        }
    }
}
