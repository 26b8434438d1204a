package cnnlab.plot;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pictures of where a network looks: one image with its Grad-CAM, saliency and gradient x input
 * ({@link #explanation}), and a run's gallery of test images with their Grad-CAM ({@link #gallery}).
 * Every image is drawn as a 112 x 112 square (nearest-neighbour scaling, so a 28-pixel image shows
 * its pixels and a 224-pixel one is thinned), the heat map over it in a viridis-like scale scaled to
 * its own maximum.
 */
public final class ExplanationPlots {

    /**
     * One tile of a gallery.
     *
     * @param image {@code [C][H][W]}, 1 or 3 channels, any scale (min-max scaled for display)
     * @param heat {@code [H'][W']} non-negative map laid over it (any size; scaled to its maximum), or {@code null}
     * @param caption one or two lines under the tile
     * @param correct colours the caption: green when right, red when wrong, {@code null} for neither
     */
    public record Tile(double[][][] image, double[][] heat, List<String> caption, Boolean correct) {
    }

    private ExplanationPlots() {
    }

    /**
     * One image explained, four panels in a row: the image, Grad-CAM over it, the saliency
     * {@code |d z_c / d x|} (largest over the channels) over it, and gradient x input summed over the
     * channels (blue negative, red positive).
     *
     * @param cam Grad-CAM at the image's size, or {@code null} when the network has no conv layer
     */
    public static void explanation(double[][][] image, double[][] cam, double[][][] saliency, double[][][] gradientTimesInput,
                                   String title, String note, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        int panels = 4;
        int width = Math.max(Canvas.titleBarWidth(t, note), 2 * Canvas.MARGIN + panels * Heatmaps.TILE + (panels - 1) * 3 * Heatmaps.GAP);
        int height = Canvas.TITLE_BAR + Heatmaps.TILE + Heatmaps.CAPTION + Canvas.MARGIN;
        BufferedImage img = Canvas.image(width, height);
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, width, t, note);
            int[][] rgb = Heatmaps.rgb(image);
            int x = (width - (panels * Heatmaps.TILE + (panels - 1) * 3 * Heatmaps.GAP)) / 2;
            int y = Canvas.TITLE_BAR;
            String[] names = {"image", "Grad-CAM", "saliency |dz/dx|", "gradient x input"};
            for (int p = 0; p < panels; p++) {
                switch (p) {
                    case 0 -> Heatmaps.tile(img, rgb, null, x, y);
                    case 1 -> Heatmaps.tile(img, rgb, cam == null ? null : Heatmaps.unit(cam), x, y);
                    case 2 -> Heatmaps.tile(img, rgb, Heatmaps.unit(maxAbs(saliency)), x, y);
                    default -> Heatmaps.signedTile(img, sum(gradientTimesInput), x, y);
                }
                Heatmaps.caption(g, List.of(p == 1 && cam == null ? "(no conv layer)" : names[p]), null, x, y + Heatmaps.TILE);
                x += Heatmaps.TILE + 3 * Heatmaps.GAP;
            }
        } finally {
            g.dispose();
        }
        Canvas.writePng(img, png);
    }

    /**
     * Tiles in rows of {@code columns} (e.g. one row per class), each with its caption.
     *
     * @param rowLabels a label drawn left of each row (e.g. the class), or {@code null}
     */
    public static void gallery(List<List<Tile>> rows, List<String> rowLabels, int columns, String title, String note, Path png)
            throws IOException {
        String t = Check.title(title);
        Check.png(png);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a gallery needs at least one row");
        }
        int label = rowLabels == null ? 0 : 90;
        int cell = Heatmaps.TILE + Heatmaps.GAP;
        int width = Math.max(Canvas.titleBarWidth(t, note), 2 * Canvas.MARGIN + label + columns * cell);
        int rowHeight = Heatmaps.TILE + Heatmaps.CAPTION + Heatmaps.GAP;
        int height = Canvas.TITLE_BAR + rows.size() * rowHeight + Canvas.MARGIN;
        BufferedImage img = Canvas.image(width, height);
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, width, t, note);
            for (int r = 0; r < rows.size(); r++) {
                int y = Canvas.TITLE_BAR + r * rowHeight;
                if (rowLabels != null) {
                    g.setColor(Canvas.TEXT);
                    g.setFont(Canvas.NOTE_FONT);
                    g.drawString(Canvas.fit(g.getFontMetrics(), rowLabels.get(r), label - 6), Canvas.MARGIN, y + Heatmaps.TILE / 2);
                }
                List<Tile> row = rows.get(r);
                for (int c = 0; c < Math.min(columns, row.size()); c++) {
                    Tile tile = row.get(c);
                    int x = Canvas.MARGIN + label + c * cell;
                    Heatmaps.tile(img, Heatmaps.rgb(tile.image()), tile.heat() == null ? null : Heatmaps.unit(tile.heat()), x, y);
                    Heatmaps.caption(g, tile.caption(), tile.correct(), x, y + Heatmaps.TILE);
                }
                if (row.isEmpty()) {
                    g.setColor(Canvas.MUTED_TEXT);
                    g.setFont(Canvas.NOTE_FONT);
                    g.drawString("no test image of this class", Canvas.MARGIN + label, y + Heatmaps.TILE / 2);
                }
            }
        } finally {
            g.dispose();
        }
        Canvas.writePng(img, png);
    }

    /** The largest magnitude over the channels of {@code m} ({@code [C][H][W]}), pixel by pixel. */
    public static double[][] maxAbs(double[][][] m) {
        double[][] out = new double[m[0].length][m[0][0].length];
        for (double[][] ch : m) {
            for (int y = 0; y < out.length; y++) {
                for (int x = 0; x < out[0].length; x++) {
                    out[y][x] = Math.max(out[y][x], Math.abs(ch[y][x]));
                }
            }
        }
        return out;
    }

    private static double[][] sum(double[][][] m) {
        double[][] out = new double[m[0].length][m[0][0].length];
        for (double[][] ch : m) {
            for (int y = 0; y < out.length; y++) {
                for (int x = 0; x < out[0].length; x++) {
                    out[y][x] += ch[y][x];
                }
            }
        }
        return out;
    }

    /** The tiles of a flat list cut into rows of {@code columns}. */
    public static List<List<Tile>> rows(List<Tile> tiles, int columns) {
        List<List<Tile>> rows = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i += columns) {
            rows.add(tiles.subList(i, Math.min(tiles.size(), i + columns)));
        }
        return rows;
    }
}
