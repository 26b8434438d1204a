package cnnlab.plot;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The two image-grid plots, {@link Plots#kernels} and {@link Plots#featureMaps}: tiles from
 * {@link Tiles} laid out in a grid under a title bar, each with its index above it.
 */
final class TileGrids {

    /** Space between tiles. */
    static final int GAP = 10;
    /** Height of the label line above each tile. */
    static final int LABEL = 16;
    /** Gap between the input and the feature-map grid. */
    static final int PANEL_GAP = 32;
    static final Font LABEL_FONT = Canvas.font(Font.PLAIN, 11f);
    /** Widest image the grids grow to before the tiles are scaled down. */
    static final int MAX_GRID_WIDTH = 1800;
    static final int MIN_WIDTH = 360;
    static final String SCALE_NOTE = "each tile scaled to its own range: black = min, white = max";

    private TileGrids() {
    }

    /** Where the tiles of one grid go, relative to the grid's top-left corner. */
    record Grid(int count, int cols, int rows, int tileW, int tileH, int scale) {

        static Grid of(int count, int cellsH, int cellsW, int targetPixels, int maxWidth) {
            int cols = Tiles.columns(count);
            int scale = Tiles.scale(Math.max(cellsH, cellsW), targetPixels, cols, maxWidth);
            return new Grid(count, cols, (count + cols - 1) / cols, cellsW * scale, cellsH * scale, scale);
        }

        int width() {
            return cols * tileW + (cols - 1) * GAP;
        }

        int height() {
            return rows * (LABEL + tileH) + (rows - 1) * GAP;
        }

        /** Left edge of tile {@code i}. */
        int x(int i) {
            return (i % cols) * (tileW + GAP);
        }

        /** Top edge of tile {@code i} (below its label). */
        int y(int i) {
            return (i / cols) * (LABEL + tileH + GAP) + LABEL;
        }
    }

    /**
     * The layout of a whole image: its size, the note under the title, where the grid starts, and
     * for feature maps where the input tile is (its scale is 0 for kernels, which have no input).
     */
    record Layout(int width, int height, String note, Grid grid, int gridX, int gridY,
                  int inputX, int inputY, int inputScale) {

        /** Left edge of tile {@code i} on the image. */
        int tileX(int i) {
            return gridX + grid.x(i);
        }

        /** Top edge of tile {@code i} on the image. */
        int tileY(int i) {
            return gridY + grid.y(i);
        }
    }

    /** Checks {@code weights} and lays out its kernel plot. */
    static Layout kernelsLayout(double[][][][] weights, String title) {
        int[] shape = Check.bank(weights, "weights");
        int nOut = shape[0];
        int nIn = shape[1];
        int kH = shape[2];
        int kW = shape[3];
        boolean nonFinite = false;
        for (double[][][] filter : weights) {
            for (double[][] channel : filter) {
                nonFinite |= hasNonFinite(channel);
            }
        }
        Grid grid = Grid.of(nOut, kH, kW, 60, MAX_GRID_WIDTH);
        String note = nOut + (nOut == 1 ? " filter, " : " filters, ") + kH + "x" + kW
                + (nIn == 1 ? "" : ", mean over " + nIn + " input channels") + "; " + SCALE_NOTE
                + (nonFinite ? "; red = NaN/\u221e" : "");
        int width = Math.max(MIN_WIDTH, Math.max(grid.width() + 2 * Canvas.MARGIN,
                Math.min(Canvas.titleBarWidth(title, note), MAX_GRID_WIDTH)));
        int height = Canvas.TITLE_BAR + grid.height() + 2 * Canvas.MARGIN;
        return new Layout(width, height, note, grid, (width - grid.width()) / 2, Canvas.TITLE_BAR + Canvas.MARGIN, 0, 0, 0);
    }

    static BufferedImage kernels(double[][][][] weights, String title) {
        Layout layout = kernelsLayout(weights, title);
        double[][][] tiles = new double[weights.length][][];
        for (int n = 0; n < weights.length; n++) {
            tiles[n] = meanOverChannels(weights[n]);
        }
        BufferedImage img = Canvas.image(layout.width(), layout.height());
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, layout.width(), title, layout.note());
            drawGrid(img, g, layout, tiles);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Checks the arrays and lays out the feature-map plot. */
    static Layout featureMapsLayout(double[][] input, double[][][] maps, String title) {
        Check.matrix(input, "input");
        int[] shape = Check.stack(maps, "maps");
        int channels = shape[0];
        int inH = input.length;
        int inW = input[0].length;
        int inScale = Tiles.scale(Math.max(inH, inW), 140, 1, 420);
        int inTileW = inW * inScale;
        int inTileH = inH * inScale;
        Grid grid = Grid.of(channels, shape[1], shape[2], 96, MAX_GRID_WIDTH - inTileW - PANEL_GAP);
        boolean nonFinite = hasNonFinite(input);
        for (double[][] m : maps) {
            nonFinite |= hasNonFinite(m);
        }
        String note = "input " + inH + "x" + inW + " and " + channels + (channels == 1 ? " feature map " : " feature maps ")
                + shape[1] + "x" + shape[2] + "; " + SCALE_NOTE + (nonFinite ? "; red = NaN/\u221e" : "");
        int content = inTileW + PANEL_GAP + grid.width();
        int width = Math.max(MIN_WIDTH, Math.max(content + 2 * Canvas.MARGIN,
                Math.min(Canvas.titleBarWidth(title, note), MAX_GRID_WIDTH)));
        int height = Canvas.TITLE_BAR + Math.max(LABEL + inTileH, grid.height()) + 2 * Canvas.MARGIN;
        int x0 = (width - content) / 2;
        int y0 = Canvas.TITLE_BAR + Canvas.MARGIN;
        return new Layout(width, height, note, grid, x0 + inTileW + PANEL_GAP, y0, x0, y0 + LABEL, inScale);
    }

    static BufferedImage featureMaps(double[][] input, double[][][] maps, String title) {
        Layout layout = featureMapsLayout(input, maps, title);
        BufferedImage img = Canvas.image(layout.width(), layout.height());
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, layout.width(), title, layout.note());
            int inTileW = input[0].length * layout.inputScale();
            label(g, "input", layout.inputX(), layout.inputY(), inTileW);
            Tiles.draw(img, g, input, layout.inputX(), layout.inputY(), layout.inputScale());
            int separator = layout.gridX() - PANEL_GAP / 2;
            int bottom = Math.max(layout.inputY() + input.length * layout.inputScale(), layout.gridY() + layout.grid().height());
            g.setColor(Tiles.FRAME);
            g.drawLine(separator, layout.gridY(), separator, bottom);
            drawGrid(img, g, layout, maps);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawGrid(BufferedImage img, Graphics2D g, Layout layout, double[][][] tiles) {
        for (int i = 0; i < tiles.length; i++) {
            int x = layout.tileX(i);
            int y = layout.tileY(i);
            label(g, Integer.toString(i), x, y, layout.grid().tileW());
            Tiles.draw(img, g, tiles[i], x, y, layout.grid().scale());
        }
    }

    /** A small label centred above a tile whose top edge is at {@code tileTop}. */
    private static void label(Graphics2D g, String text, int x, int tileTop, int tileW) {
        g.setFont(LABEL_FONT);
        g.setColor(Canvas.MUTED_TEXT);
        Canvas.centred(g, Canvas.fit(g.getFontMetrics(), text, tileW + GAP - 2), x + tileW / 2.0, tileTop - 4);
    }

    /**
     * One filter as a 2-D tile: its only channel, or for several input channels the mean over
     * them, which shows what the filter responds to when the channels agree (for a first layer on
     * greyscale input there is one channel and nothing is lost).
     */
    static double[][] meanOverChannels(double[][][] filter) {
        if (filter.length == 1) {
            return filter[0];
        }
        int h = filter[0].length;
        int w = filter[0][0].length;
        double[][] mean = new double[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double sum = 0;
                for (double[][] channel : filter) {
                    sum += channel[r][c] / filter.length;
                }
                mean[r][c] = sum;
            }
        }
        return mean;
    }

    private static boolean hasNonFinite(double[][] m) {
        for (double[] row : m) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
