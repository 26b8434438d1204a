package cnnlab.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Turns a picture (PNG, JPEG, any size, colour or grey) into an image like the training data: grey,
 * {@code rows x cols}, as unsigned bytes with a bright digit on a dark background, as in MNIST.
 *
 * <p>The picture is converted to grey by luminance, scaled to fit {@code rows x cols} keeping its
 * aspect ratio (padded with the background), and, with {@link Invert#AUTO}, inverted when its border
 * is brighter than its middle (a dark digit on white paper). For a model trained on MedMNIST,
 * {@link #readMedical} crops and resizes instead, and keeps colour.
 */
public final class ImageFiles {

    /** Whether to invert the grey values. */
    public enum Invert { AUTO, YES, NO }

    private ImageFiles() {
    }

    /**
     * Reads a picture as a trained model takes it: for a model trained on MedMNIST, or one that takes
     * colour, as MedMNIST made its images ({@link #readMedical}), inverted only with
     * {@link Invert#YES}; otherwise as an MNIST digit ({@link #read(Path, int, int, Invert)}).
     *
     * @param medical whether the model was trained on MedMNIST data
     * @throws DataFileException if the file is missing or not an image ImageIO can read
     */
    public static byte[] readFor(Path file, int channels, int rows, int cols, boolean medical, Invert invert) {
        if (!medical && channels == 1) {
            return read(file, rows, cols, invert);
        }
        byte[] pixels = readMedical(file, channels, rows, cols);
        if (invert == Invert.YES) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (255 - (pixels[i] & 0xff));
            }
        }
        return pixels;
    }

    /**
     * Reads and converts one picture.
     *
     * @throws DataFileException if the file is missing or not an image ImageIO can read
     */
    public static byte[] read(Path file, int rows, int cols, Invert invert) {
        BufferedImage img = readImage(file);
        double[][] grey = grey(img);
        boolean flip = switch (invert) {
            case YES -> true;
            case NO -> false;
            case AUTO -> borderMean(grey) > centreMean(grey);
        };
        BufferedImage g = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = (int) Math.round(flip ? 255 - grey[y][x] : grey[y][x]);
                g.getRaster().setSample(x, y, 0, v);
            }
        }
        BufferedImage out = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g2 = out.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        double scale = Math.min((double) cols / img.getWidth(), (double) rows / img.getHeight());
        int w = Math.max(1, (int) Math.round(img.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(img.getHeight() * scale));
        g2.drawImage(g.getScaledInstance(w, h, java.awt.Image.SCALE_AREA_AVERAGING), (cols - w) / 2, (rows - h) / 2, null);
        g2.dispose();
        byte[] pixels = new byte[rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                pixels[y * cols + x] = (byte) out.getRaster().getSample(x, y, 0);
            }
        }
        return pixels;
    }

    /**
     * Reads a picture the way MedMNIST made its images: the largest centred crop of the target's
     * aspect ratio, resized to {@code rows x cols} (area averaging), then grey by luminance for one
     * channel or RGB for three, in {@link ImageSet}'s planar order (channel after channel). Never
     * inverted.
     *
     * @param channels 1 or 3
     * @throws DataFileException if the file is missing or not an image ImageIO can read
     * @throws IllegalArgumentException for another number of channels
     */
    public static byte[] readMedical(Path file, int channels, int rows, int cols) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(channels + " channels, expected 1 (grey) or 3 (RGB)");
        }
        BufferedImage img = readImage(file);
        double target = (double) cols / rows;
        int w = img.getWidth();
        int h = img.getHeight();
        int cw = w;
        int ch = h;
        if ((double) w / h > target) {
            cw = Math.max(1, (int) Math.round(h * target));
        } else {
            ch = Math.max(1, (int) Math.round(w / target));
        }
        BufferedImage crop = img.getSubimage((w - cw) / 2, (h - ch) / 2, cw, ch);
        BufferedImage out = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = out.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g2.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g2.drawImage(crop.getScaledInstance(cols, rows, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g2.dispose();
        byte[] pixels = new byte[channels * rows * cols];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int rgb = out.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (channels == 1) {
                    pixels[y * cols + x] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    pixels[y * cols + x] = (byte) r;
                    pixels[rows * cols + y * cols + x] = (byte) g;
                    pixels[2 * rows * cols + y * cols + x] = (byte) b;
                }
            }
        }
        return pixels;
    }

    private static BufferedImage readImage(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(file, "image file not found");
        }
        checkSize(file);
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file, "cannot be read as an image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DataFileException(file, "not a PNG, JPEG, GIF or BMP image");
        }
        if (img.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK) {
            // Java decodes it, but its RGB values come out black: refused rather than classified as a blank picture
            throw new DataFileException(file, "a CMYK (print colours) JPEG, which cnnlab cannot turn into screen colours reliably;"
                    + " save it as an RGB or grey picture (PNG or JPEG) and try again");
        }
        return img;
    }

    /**
     * Memory for one pixel while a picture is converted: the decoded ARGB image (4 bytes), the grey
     * values as doubles (8) and the grey image (1), with a little to spare.
     */
    private static final long BYTES_PER_PIXEL = 14;

    /** Refuses a picture too large for the heap, from the width and height in its header (nothing is decoded). */
    private static void checkSize(Path file) {
        long width;
        long height;
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<javax.imageio.ImageReader> readers = in == null ? java.util.Collections.emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return;   // not an image ImageIO knows: ImageIO.read says so
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return;   // a damaged header: ImageIO.read reports it
        }
        long bytes = width * height * BYTES_PER_PIXEL;
        if (!cnnlab.io.MemoryBudget.fitsHeap(bytes)) {
            throw new DataFileException(file, width + "x" + height + " pixels: too big to convert in this JVM; make the picture"
                    + " smaller (the model sees it at a few dozen pixels a side), or: " + cnnlab.io.MemoryBudget.heapAdvice(bytes));
        }
    }

    private static double[][] grey(BufferedImage img) {
        double[][] g = new double[img.getHeight()][img.getWidth()];
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double a = ((rgb >>> 24) & 0xff) / 255.0;
                double lum = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                g[y][x] = a * lum + (1 - a) * 255;   // transparent areas count as white paper
            }
        }
        return g;
    }

    private static double borderMean(double[][] g) {
        double sum = 0;
        int n = 0;
        int h = g.length;
        int w = g[0].length;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                    sum += g[y][x];
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static double centreMean(double[][] g) {
        double sum = 0;
        int n = 0;
        int h = g.length;
        int w = g[0].length;
        for (int y = h / 4; y < Math.max(h / 4 + 1, 3 * h / 4); y++) {
            for (int x = w / 4; x < Math.max(w / 4 + 1, 3 * w / 4); x++) {
                sum += g[y][x];
                n++;
            }
        }
        return sum / n;
    }
}
