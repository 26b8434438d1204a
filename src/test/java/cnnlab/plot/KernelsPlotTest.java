package cnnlab.plot;

import static cnnlab.plot.Pngs.assertColour;
import static cnnlab.plot.Pngs.grey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Plots#kernels}: one greyscale tile per filter, each min-max scaled on its own. */
class KernelsPlotTest {

    @TempDir
    Path dir;

    /** A 5x5 kernel rising from -1 at the bottom-right to +1 at the top-left (the maximum). */
    static double[][] ramp() {
        double[][] k = new double[5][5];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                k[r][c] = 1 - (r + c) / 4.0;
            }
        }
        return k;
    }

    static double[][][][] random(int nOut, int nIn, int k, long seed) {
        Random rnd = new Random(seed);
        double[][][][] w = new double[nOut][nIn][k][k];
        for (double[][][] f : w) {
            for (double[][] ch : f) {
                for (double[] row : ch) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rnd.nextGaussian() * 0.1;
                    }
                }
            }
        }
        return w;
    }

    @Test
    void twentyKernelsMakeAGridOfLargeTiles() throws IOException {
        double[][][][] w = random(20, 1, 5, 1);
        w[7][0] = ramp();
        Path png = dir.resolve("kernels.png");
        Plots.kernels(w, "conv1", png);

        BufferedImage img = Pngs.read(png);
        Pngs.assertSize(img, 300, 900, 250, 700);
        TileGrids.Layout layout = TileGrids.kernelsLayout(w, "conv1");
        assertEquals(img.getWidth(), layout.width());
        assertEquals(img.getHeight(), layout.height());
        assertTrue(layout.grid().tileW() >= 50, "a 5x5 kernel is drawn at least 50 px wide, got " + layout.grid().tileW());
        assertEquals(5, layout.grid().cols());
        assertEquals(4, layout.grid().rows());

        // Filter 7: the top-left cell is the maximum (white), the bottom-right the minimum (black),
        // the centre exactly half-way (grey 128), every cell a solid block of its scale.
        int s = layout.grid().scale();
        int x = layout.tileX(7);
        int y = layout.tileY(7);
        assertColour(grey(255), img, x, y);
        assertColour(grey(255), img, x + s - 1, y + s - 1);
        assertColour(grey(0), img, x + 5 * s - 1, y + 5 * s - 1);
        assertColour(grey(128), img, x + 2 * s + s / 2, y + 2 * s + s / 2);
        // One more random tile is greyscale and uses the full range.
        int x3 = layout.tileX(3);
        int y3 = layout.tileY(3);
        assertEquals(1, Pngs.count(img, x3, y3, x3 + 5 * s, y3 + 5 * s, grey(255), 0) / (s * s));
        assertEquals(1, Pngs.count(img, x3, y3, x3 + 5 * s, y3 + 5 * s, grey(0), 0) / (s * s));
    }

    @Test
    void aConstantKernelIsMidGreyAndNaNIsRed() throws IOException {
        double[][][][] w = new double[3][1][5][5];
        w[1][0] = ramp();
        w[1][0][4][0] = Double.NaN;
        w[2][0] = ramp();
        w[2][0][0][0] = Double.POSITIVE_INFINITY;
        Path png = dir.resolve("k.png");
        Plots.kernels(w, "constant and NaN", png);

        BufferedImage img = Pngs.read(png);
        TileGrids.Layout layout = TileGrids.kernelsLayout(w, "constant and NaN");
        int s = layout.grid().scale();
        assertEquals(s * s * 25, Pngs.count(img, layout.tileX(0), layout.tileY(0), layout.tileX(0) + 5 * s,
                layout.tileY(0) + 5 * s, grey(Tiles.CONSTANT_GREY), 0), "the all-zero kernel is uniformly mid-grey");
        assertColour(Tiles.NON_FINITE, img, layout.tileX(1), layout.tileY(1) + 4 * s);
        assertColour(grey(255), img, layout.tileX(1), layout.tileY(1));
        // Infinity is not the maximum: it is red, and the largest finite weight is white.
        assertColour(Tiles.NON_FINITE, img, layout.tileX(2), layout.tileY(2));
        assertColour(grey(255), img, layout.tileX(2) + s, layout.tileY(2));
        assertTrue(layout.note().contains("NaN"), layout.note());
    }

    @Test
    void severalInputChannelsAreAveraged() throws IOException {
        double[][] ramp = ramp();
        double[][] negative = new double[5][5];
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 5; c++) {
                negative[r][c] = -ramp[r][c];
            }
        }
        // Filter 0: the two channels cancel (mean 0: mid-grey). Filter 1: the same ramp twice (white top-left).
        double[][][][] w = {{ramp, negative}, {ramp, ramp}};
        Path png = dir.resolve("conv2.png");
        Plots.kernels(w, "conv2", png);

        BufferedImage img = Pngs.read(png);
        TileGrids.Layout layout = TileGrids.kernelsLayout(w, "conv2");
        assertColour(grey(Tiles.CONSTANT_GREY), img, layout.tileX(0), layout.tileY(0));
        assertColour(grey(255), img, layout.tileX(1), layout.tileY(1));
        assertTrue(layout.note().contains("mean over 2 input channels"), layout.note());
    }

    @Test
    void manyFiltersAreScaledDownToAReasonableWidth() throws IOException {
        double[][][][] w = random(500, 1, 5, 2);
        Path png = dir.resolve("many.png");
        Plots.kernels(w, "500 filters", png);
        Pngs.assertSize(Pngs.read(png), 300, 2000, 100, 3000);
    }

    @Test
    void invalidWeightsThrowAndWriteNothing() throws IOException {
        double[][][][] ragged = random(4, 1, 5, 3);
        ragged[2][0] = new double[4][5];
        double[][][][] raggedRow = random(2, 1, 5, 3);
        raggedRow[1][0][3] = new double[2];
        for (double[][][][] bad : List.of(new double[0][][][], new double[][][][] {{}}, ragged, raggedRow)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Plots.kernels(bad, "bad", dir.resolve("bad.png")));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Plots.kernels(null, "bad", dir.resolve("bad.png")));
        assertThrows(IllegalArgumentException.class, () -> Plots.kernels(random(1, 1, 5, 0), "bad", dir.resolve("bad.jpg")));
        assertThrows(IllegalArgumentException.class, () -> Plots.kernels(random(1, 1, 5, 0), null, dir.resolve("bad.png")));
        assertEquals(List.of(), Pngs.files(dir));
    }
}
