package cnnlab.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import cnnlab.io.AtomicFiles;

/**
 * Shared Java2D pieces: a white RGB image, fonts, text that is centred or shortened to fit, the
 * title bar, and the atomic PNG write that every plot ends with.
 */
final class Canvas {

    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED_TEXT = new Color(0x55, 0x55, 0x55);
    /** Height of the title bar: a bold title line and a smaller note line below it. */
    static final int TITLE_BAR = 58;
    static final int MARGIN = 16;

    private Canvas() {
    }

    /** A white {@code TYPE_INT_RGB} image (no alpha: PNG viewers show it the same everywhere). */
    static BufferedImage image(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** Graphics with antialiased text and shapes; the caller disposes it. */
    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    static Font font(int style, float size) {
        return new Font(Font.SANS_SERIF, style, 1).deriveFont(style, size);
    }

    /** Width of {@code text} in {@code font}, for layout before anything is drawn. */
    static int textWidth(Font font, String text) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(scratch);
        try {
            return g.getFontMetrics(font).stringWidth(text);
        } finally {
            g.dispose();
        }
    }

    /** {@code text} as is if it fits in {@code maxWidth} pixels, else shortened with an ellipsis. */
    static String fit(FontMetrics fm, String text, int maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        String ellipsis = "\u2026";
        for (int n = text.length() - 1; n > 0; n--) {
            String s = text.substring(0, n) + ellipsis;
            if (fm.stringWidth(s) <= maxWidth) {
                return s;
            }
        }
        return "";
    }

    /** Draws {@code text} centred on {@code cx}, with its baseline at {@code baseline}. */
    static void centred(Graphics2D g, String text, double cx, double baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0), (float) baseline);
    }

    /** Draws {@code text} centred in both directions on the point {@code (cx, cy)}. */
    static void centredAt(Graphics2D g, String text, double cx, double cy) {
        FontMetrics fm = g.getFontMetrics();
        centred(g, text, cx, cy + (fm.getAscent() - fm.getDescent()) / 2.0);
    }

    /** A title on one line: line breaks and tabs become spaces. */
    static String oneLine(String title) {
        return title.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    /** Fonts of the title bar, so layouts can make room for the title before drawing. */
    static final Font TITLE_FONT = font(Font.BOLD, 18f);
    static final Font NOTE_FONT = font(Font.PLAIN, 12f);

    /** The width a title bar needs to show both lines without shortening them. */
    static int titleBarWidth(String title, String note) {
        return 2 * MARGIN + Math.max(textWidth(TITLE_FONT, title), textWidth(NOTE_FONT, note));
    }

    /**
     * Draws the title (bold, centred) and a one-line note under it (smaller, grey) in the top
     * {@link #TITLE_BAR} pixels, each shortened with an ellipsis if the image is too narrow.
     */
    static void titleBar(Graphics2D g, int width, String title, String note) {
        g.setColor(TEXT);
        g.setFont(TITLE_FONT);
        centred(g, fit(g.getFontMetrics(), title, width - 2 * MARGIN), width / 2.0, 28);
        g.setColor(MUTED_TEXT);
        g.setFont(NOTE_FONT);
        centred(g, fit(g.getFontMetrics(), note, width - 2 * MARGIN), width / 2.0, 48);
    }

    /** A {@code width x height} picture: the title bar, and {@code chart} below it. */
    static BufferedImage titled(BufferedImage chart, int width, int height, String title, String note) {
        BufferedImage img = image(width, height);
        Graphics2D g = graphics(img);
        try {
            titleBar(g, width, title, note);
            g.drawImage(chart, 0, TITLE_BAR, null);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Writes {@code img} as a PNG, atomically: encoding happens into a temporary file that replaces
     * {@code png} only when complete.
     */
    static void writePng(BufferedImage img, Path png) throws IOException {
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG encoder available in this Java runtime");
            }
        });
    }
}
