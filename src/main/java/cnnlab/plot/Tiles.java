package cnnlab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * Greyscale image tiles: a 2-D array drawn as square pixel blocks (nearest-neighbour upscaling), each
 * tile min-max scaled on its own.
 *
 * <p>Per-tile scaling shows every tile's pattern at full contrast, which is what one looks for in
 * learned kernels and feature maps (edges, strokes, blobs); the price is that brightness cannot be
 * compared between tiles. The smallest finite value is black, the largest white. A tile whose
 * finite values are all equal is uniform mid-grey, and NaN or infinite cells are drawn in
 * {@link #NON_FINITE} red, which no greyscale value can be mistaken for.
 */
final class Tiles {

    /** The colour of a NaN or infinite cell. */
    static final Color NON_FINITE = new Color(0xD6, 0x27, 0x28);
    /** The grey of a constant tile (max == min): no contrast to show. */
    static final int CONSTANT_GREY = 128;
    /** The frame drawn around every tile, so white cells stay distinguishable from the background. */
    static final Color FRAME = new Color(0xB0, 0xB0, 0xB0);

    private Tiles() {
    }

    /**
     * The grey level (0..255) of every cell of {@code values}, min-max scaled over its finite
     * values, or -1 for a non-finite cell.
     */
    static int[][] greyLevels(double[][] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        // max - min can overflow to infinity for finite extremes near Double.MAX_VALUE; scale by halves.
        double halfRange = max / 2 - min / 2;
        boolean constant = !(halfRange > 0);
        int[][] grey = new int[values.length][];
        for (int r = 0; r < values.length; r++) {
            grey[r] = new int[values[r].length];
            for (int c = 0; c < values[r].length; c++) {
                double v = values[r][c];
                if (!Double.isFinite(v)) {
                    grey[r][c] = -1;
                } else if (constant) {
                    grey[r][c] = CONSTANT_GREY;
                } else {
                    double t = (v / 2 - min / 2) / halfRange;
                    grey[r][c] = (int) Math.round(255 * Math.min(1.0, Math.max(0.0, t)));
                }
            }
        }
        return grey;
    }

    /**
     * Draws {@code values} with its top-left corner at {@code (x, y)}, every cell as a
     * {@code scale x scale} block, with a one-pixel frame just outside the tile.
     */
    static void draw(BufferedImage img, Graphics2D g, double[][] values, int x, int y, int scale) {
        int[][] grey = greyLevels(values);
        int h = grey.length;
        int w = grey[0].length;
        g.setColor(FRAME);
        g.drawRect(x - 1, y - 1, w * scale + 1, h * scale + 1);
        int nonFinite = NON_FINITE.getRGB();
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int level = grey[r][c];
                int rgb = level < 0 ? nonFinite : (0xFF << 24) | (level << 16) | (level << 8) | level;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x + c * scale + dx, y + r * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /**
     * The upscaling factor that makes a tile whose longer side is {@code cells} about
     * {@code targetPixels} wide, but keeps {@code count} of them side by side within
     * {@code maxPixels}; at least 1.
     */
    static int scale(int cells, int targetPixels, int count, int maxPixels) {
        int wanted = Math.max(1, (int) Math.ceil(targetPixels / (double) cells));
        int fits = Math.max(1, maxPixels / Math.max(1, count * cells));
        return Math.min(wanted, fits);
    }

    /**
     * Columns of a grid of {@code n} tiles: between square and a little wider than tall (as screens
     * and pages are), choosing the count that leaves the fewest empty places in the last row; 20
     * tiles give 5x4, 6 give 3x2, 50 give 9x6.
     */
    static int columns(int n) {
        int from = (int) Math.ceil(Math.sqrt(n));
        int to = Math.max(from, (int) Math.ceil(Math.sqrt(n * 1.5)));
        int best = from;
        for (int cols = from; cols <= to; cols++) {
            if (empty(n, cols) < empty(n, best)) {
                best = cols;
            }
        }
        return Math.max(1, Math.min(n, best));
    }

    private static int empty(int n, int cols) {
        return ((n + cols - 1) / cols) * cols - n;
    }
}
