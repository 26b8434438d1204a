package cnnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

/** Reading written plots back and looking at their pixels. */
final class Pngs {

    private Pngs() {
    }

    /** Reads a PNG, checking it is one and that it is not a single colour. */
    static BufferedImage read(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " was written");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is a readable image");
        assertTrue(colours(img) > 1, png + " is not a single colour");
        return img;
    }

    static void assertSize(BufferedImage img, int minW, int maxW, int minH, int maxH) {
        assertTrue(img.getWidth() >= minW && img.getWidth() <= maxW, "width " + img.getWidth() + " in [" + minW + ", " + maxW + "]");
        assertTrue(img.getHeight() >= minH && img.getHeight() <= maxH, "height " + img.getHeight() + " in [" + minH + ", " + maxH + "]");
    }

    /** The number of distinct colours, counted up to 2. */
    static int colours(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) != first) {
                    return 2;
                }
            }
        }
        return 1;
    }

    static Color at(BufferedImage img, int x, int y) {
        return new Color(img.getRGB(x, y));
    }

    static void assertColour(Color expected, BufferedImage img, int x, int y) {
        assertEquals(expected, at(img, x, y), "pixel (" + x + ", " + y + ")");
    }

    static Color grey(int level) {
        return new Color(level, level, level);
    }

    /** Pixels in {@code [x0, x1) x [y0, y1)} within {@code tolerance} of {@code colour} on each channel. */
    static int count(BufferedImage img, int x0, int y0, int x1, int y1, Color colour, int tolerance) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                Color c = at(img, x, y);
                if (Math.abs(c.getRed() - colour.getRed()) <= tolerance && Math.abs(c.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(c.getBlue() - colour.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The names in {@code dir}, temporaries included. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
