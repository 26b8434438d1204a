package cnnlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The confusion matrix as a Java2D grid: true class down the rows, predicted class across the
 * columns, the count written in every cell.
 *
 * <p>A cell's colour is its share of its row, i.e. of the samples of that true class (the diagonal
 * is then each class's recall). Colouring by share rather than raw count keeps a rare class's
 * mistakes as visible as a common one's; the counts in the cells keep the absolute numbers. A row
 * with no samples is white. Colours run from white (0 %) to dark blue (100 %), with a scale bar on
 * the right.
 */
final class ConfusionMatrixPlot {

    static final int WIDTH = 700;
    /** The most height the image takes; less when long row names leave the grid narrower than tall. */
    static final int HEIGHT = 650;
    /** Left of the grid, besides the row names: the rotated "true" and gaps. */
    private static final int LEFT_AXIS = 40;
    /** Row names longer than this many pixels are shortened with an ellipsis. */
    private static final int MAX_ROW_NAME = 150;
    private static final float NAME_FONT_SIZE = 13f;
    /** Below the grid: the column names and "predicted". */
    private static final int BOTTOM = 62;
    /** Right of the grid: the colour bar and its labels. */
    private static final int RIGHT = 104;
    private static final int BAR_WIDTH = 18;
    private static final Font AXIS_FONT = Canvas.font(Font.BOLD, 14f);

    /** Sequential white-to-blue colour map (ColorBrewer "Blues" anchors). */
    private static final Color[] BLUES = {
        new Color(0xF7, 0xFB, 0xFF), new Color(0xC6, 0xDB, 0xEF), new Color(0x6B, 0xAE, 0xD6),
        new Color(0x21, 0x71, 0xB5), new Color(0x08, 0x30, 0x6B),
    };

    private ConfusionMatrixPlot() {
    }

    /**
     * Where the grid is: its top-left corner and the side of one cell, in pixels; {@code rowNames}
     * is the room left of it for the row names.
     */
    record Geometry(int x0, int y0, int cell, int rowNames) {
    }

    /**
     * The grid's place: as large as fits between the row names (as wide as the longest name, up to
     * {@value #MAX_ROW_NAME} px), the column names and the colour bar.
     */
    static Geometry geometry(List<String> classNames) {
        int n = classNames.size();
        int rowNames = 0;
        for (String name : classNames) {
            rowNames = Math.max(rowNames, Canvas.textWidth(Canvas.font(Font.PLAIN, NAME_FONT_SIZE), Canvas.oneLine(name)));
        }
        rowNames = Math.min(MAX_ROW_NAME, Math.max(20, rowNames));
        int left = LEFT_AXIS + rowNames + 10;
        int top = Canvas.TITLE_BAR + 12;
        int availW = WIDTH - left - RIGHT;
        int availH = HEIGHT - top - BOTTOM;
        int cell = Math.max(1, Math.min(availW, availH) / n);
        return new Geometry(left + (availW - cell * n) / 2, top, cell, rowNames);
    }

    static BufferedImage render(int[][] counts, List<String> classNames, String title) {
        int n = check(counts, classNames);
        long total = 0;
        long correct = 0;
        long[] rowTotals = new long[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                rowTotals[r] += counts[r][c];
            }
            total += rowTotals[r];
            correct += counts[r][r];
        }
        String note = total == 0 ? "no samples"
                : String.format(Locale.ROOT, "%d samples, accuracy %.2f %% (%d correct); colour = share of the true class (row)",
                        total, 100.0 * correct / total, correct);

        Geometry geo = geometry(classNames);
        int height = Math.min(HEIGHT, geo.y0() + geo.cell() * n + BOTTOM + 8);
        BufferedImage img = Canvas.image(WIDTH, height);
        Graphics2D g = Canvas.graphics(img);
        try {
            Canvas.titleBar(g, WIDTH, title, note);
            int cell = geo.cell();
            int grid = cell * n;
            int x0 = geo.x0();
            int y0 = geo.y0();

            Font cellFont = fitFont(g, counts, cell);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double share = rowTotals[r] == 0 ? 0 : counts[r][c] / (double) rowTotals[r];
                    int x = x0 + c * cell;
                    int y = y0 + r * cell;
                    g.setColor(blues(share));
                    g.fillRect(x, y, cell, cell);
                    if (cellFont != null) {
                        g.setFont(cellFont);
                        g.setColor(counts[r][c] == 0 ? new Color(0xA0, 0xA0, 0xA0) : share > 0.5 ? Color.WHITE : Canvas.TEXT);
                        Canvas.centredAt(g, Integer.toString(counts[r][c]), x + cell / 2.0, y + cell / 2.0);
                    }
                }
            }
            g.setColor(new Color(0x90, 0x90, 0x90));
            g.drawRect(x0, y0, grid, grid);

            int namesWidth = drawClassNames(g, classNames, x0, y0, cell, geo.rowNames());
            g.setColor(Canvas.TEXT);
            g.setFont(AXIS_FONT);
            Canvas.centred(g, "predicted", x0 + grid / 2.0, y0 + grid + BOTTOM - 14);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            // Rotated a quarter turn anticlockwise: (x, y) here is (-y, x) on the image.
            Canvas.centred(g, "true", -(y0 + grid / 2.0), x0 - 16 - namesWidth);
            g.setTransform(saved);

            drawColourBar(g, x0 + grid + 22, y0, grid);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static int check(int[][] counts, List<String> classNames) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("counts must have at least one row");
        }
        int n = counts.length;
        for (int r = 0; r < n; r++) {
            if (counts[r] == null || counts[r].length != n) {
                throw new IllegalArgumentException("counts must be square: row " + r + " has "
                        + (counts[r] == null ? "no array" : counts[r].length + " columns") + ", expected " + n);
            }
            for (int c = 0; c < n; c++) {
                if (counts[r][c] < 0) {
                    throw new IllegalArgumentException("counts[" + r + "][" + c + "] is negative: " + counts[r][c]);
                }
            }
        }
        if (classNames == null || classNames.size() != n) {
            throw new IllegalArgumentException("expected " + n + " class names for a " + n + "x" + n + " matrix, got "
                    + (classNames == null ? "none" : classNames.size()));
        }
        for (int i = 0; i < n; i++) {
            if (classNames.get(i) == null) {
                throw new IllegalArgumentException("class name " + i + " is null");
            }
        }
        return n;
    }

    /** The largest font (up to 14 px) in which every count fits its cell, or null if none readable does. */
    private static Font fitFont(Graphics2D g, int[][] counts, int cell) {
        int max = 0;
        for (int[] row : counts) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        String widest = Integer.toString(max);
        for (float size = Math.min(14f, cell * 0.45f); size >= 7f; size -= 1f) {
            Font f = Canvas.font(Font.PLAIN, size);
            FontMetrics fm = g.getFontMetrics(f);
            if (fm.stringWidth(widest) <= cell - 4 && fm.getAscent() <= cell - 2) {
                return f;
            }
        }
        return null;
    }

    /** Draws the row and column names; returns the width of the widest row name (0 if none drawn). */
    private static int drawClassNames(Graphics2D g, List<String> names, int x0, int y0, int cell, int rowNames) {
        float size = Math.min(NAME_FONT_SIZE, cell * 0.8f);
        if (size < 6f) {
            return 0;
        }
        int widest = 0;
        g.setFont(Canvas.font(Font.PLAIN, size));
        g.setColor(Canvas.TEXT);
        FontMetrics fm = g.getFontMetrics();
        int n = names.size();
        for (int i = 0; i < n; i++) {
            String name = Canvas.oneLine(names.get(i));
            String row = Canvas.fit(fm, name, rowNames);
            double cy = y0 + (i + 0.5) * cell + (fm.getAscent() - fm.getDescent()) / 2.0;
            g.drawString(row, (float) (x0 - 6 - fm.stringWidth(row)), (float) cy);
            widest = Math.max(widest, fm.stringWidth(row));
            String col = Canvas.fit(fm, name, Math.max(cell - 2, 8));
            Canvas.centred(g, col, x0 + (i + 0.5) * cell, y0 + n * cell + 4 + fm.getAscent());
        }
        return widest;
    }

    private static void drawColourBar(Graphics2D g, int x, int y, int height) {
        for (int i = 0; i < height; i++) {
            g.setColor(blues(1.0 - i / (double) (height - 1)));
            g.fillRect(x, y + i, BAR_WIDTH, 1);
        }
        g.setColor(new Color(0x90, 0x90, 0x90));
        g.drawRect(x, y, BAR_WIDTH, height);
        g.setFont(Canvas.font(Font.PLAIN, 11f));
        FontMetrics fm = g.getFontMetrics();
        for (int pct = 0; pct <= 100; pct += 25) {
            int ty = y + (int) Math.round((1 - pct / 100.0) * height);
            g.setColor(new Color(0x90, 0x90, 0x90));
            g.drawLine(x + BAR_WIDTH, ty, x + BAR_WIDTH + 4, ty);
            g.setColor(Canvas.TEXT);
            g.drawString(pct + " %", x + BAR_WIDTH + 7, ty + (fm.getAscent() - fm.getDescent()) / 2);
        }
    }

    /** The colour of a share in {@code [0, 1]}, linearly interpolated between the anchors. */
    static Color blues(double share) {
        double t = Math.max(0, Math.min(1, share)) * (BLUES.length - 1);
        int i = Math.min(BLUES.length - 2, (int) Math.floor(t));
        double f = t - i;
        Color a = BLUES[i];
        Color b = BLUES[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
