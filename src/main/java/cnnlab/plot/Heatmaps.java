package cnnlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Heat maps over images, as Java2D pictures: the image in grey (or its colours), a map laid over it
 * in a perceptual colour scale (dark blue, through green, to yellow: "viridis"-like, readable in
 * grey print), and signed maps in blue (negative), white (0) and red (positive).
 */
final class Heatmaps {

    /** Tile side in pixels that images are scaled to (nearest neighbour), whatever their size. */
    static final int TILE = 112;
    static final int CAPTION = 30;
    static final int GAP = 10;
    /** Share of the heat colour where the map is at its maximum. */
    static final double ALPHA = 0.55;
    private static final Font CAPTION_FONT = Canvas.font(Font.PLAIN, 11f);
    private static final Color WRONG = new Color(0xC6, 0x28, 0x28);
    private static final Color RIGHT = new Color(0x2E, 0x7D, 0x32);

    /** Anchors of the colour scale, from 0 to 1 (viridis at 0, 0.25, 0.5, 0.75, 1). */
    private static final int[][] SCALE = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    private Heatmaps() {
    }

    /** The colour of {@code t} in [0, 1] on the heat scale. */
    static int heat(double t) {
        double x = Math.max(0, Math.min(1, t)) * (SCALE.length - 1);
        int i = Math.min(SCALE.length - 2, (int) Math.floor(x));
        double f = x - i;
        int r = (int) Math.round(SCALE[i][0] + f * (SCALE[i + 1][0] - SCALE[i][0]));
        int g = (int) Math.round(SCALE[i][1] + f * (SCALE[i + 1][1] - SCALE[i][1]));
        int b = (int) Math.round(SCALE[i][2] + f * (SCALE[i + 1][2] - SCALE[i][2]));
        return (r << 16) | (g << 8) | b;
    }

    /** The RGB of each pixel of {@code image} ({@code [C][H][W]}, 1 or 3 channels), min-max scaled over all channels. */
    static int[][] rgb(double[][][] image) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[][] ch : image) {
            for (double[] row : ch) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        double range = max > min ? max - min : 1;
        int h = image[0].length;
        int w = image[0][0].length;
        int[][] out = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] c = new int[3];
                for (int k = 0; k < 3; k++) {
                    double v = image[image.length == 3 ? k : 0][y][x];
                    c[k] = (int) Math.round(255 * (v - min) / range);
                }
                out[y][x] = (c[0] << 16) | (c[1] << 8) | c[2];
            }
        }
        return out;
    }

    /** {@code map} scaled to [0, 1] by its maximum (all zeros stays zeros). */
    static double[][] unit(double[][] map) {
        double max = 0;
        for (double[] row : map) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double[][] out = new double[map.length][map[0].length];
        for (int y = 0; y < map.length; y++) {
            for (int x = 0; x < map[0].length; x++) {
                out[y][x] = max > 0 ? map[y][x] / max : 0;
            }
        }
        return out;
    }

    /** Draws {@code rgb} (with {@code heat} over it, if not null) as a TILE x TILE square at (x0, y0). */
    static void tile(BufferedImage img, int[][] rgb, double[][] heat, int x0, int y0) {
        int h = rgb.length;
        int w = rgb[0].length;
        for (int ty = 0; ty < TILE; ty++) {
            int sy = Math.min(h - 1, ty * h / TILE);
            for (int tx = 0; tx < TILE; tx++) {
                int sx = Math.min(w - 1, tx * w / TILE);
                int base = rgb[sy][sx];
                int out = base;
                if (heat != null) {
                    double t = heat[Math.min(heat.length - 1, ty * heat.length / TILE)][Math.min(heat[0].length - 1, tx * heat[0].length / TILE)];
                    out = blend(base, heat(t), ALPHA * (0.25 + 0.75 * t));
                }
                img.setRGB(x0 + tx, y0 + ty, out);
            }
        }
    }

    /** Draws a signed map: blue below 0, white at 0, red above, scaled by the largest magnitude. */
    static void signedTile(BufferedImage img, double[][] map, int x0, int y0) {
        double max = 0;
        for (double[] row : map) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int h = map.length;
        int w = map[0].length;
        for (int ty = 0; ty < TILE; ty++) {
            for (int tx = 0; tx < TILE; tx++) {
                double v = max > 0 ? map[Math.min(h - 1, ty * h / TILE)][Math.min(w - 1, tx * w / TILE)] / max : 0;
                int c = v >= 0 ? blend(0xFFFFFF, 0xB2182B, v) : blend(0xFFFFFF, 0x2166AC, -v);
                img.setRGB(x0 + tx, y0 + ty, c);
            }
        }
    }

    static int blend(int a, int b, double t) {
        int r = (int) Math.round(((a >> 16) & 255) * (1 - t) + ((b >> 16) & 255) * t);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - t) + ((b >> 8) & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return (r << 16) | (g << 8) | bl;
    }

    /** A caption of up to two lines under a tile, in red for a wrong prediction, green for a right one (null: text colour). */
    static void caption(Graphics2D g, List<String> lines, Boolean correct, int x0, int y0) {
        g.setFont(CAPTION_FONT);
        g.setColor(correct == null ? Canvas.TEXT : correct ? RIGHT : WRONG);
        int line = 0;
        for (String s : lines) {
            Canvas.centred(g, Canvas.fit(g.getFontMetrics(), s, TILE + GAP - 2), x0 + TILE / 2.0, y0 + 12 + 13 * line++);
        }
    }
}
