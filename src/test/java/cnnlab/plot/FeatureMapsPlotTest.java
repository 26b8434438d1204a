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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Plots#featureMaps}: the input on the left, then every map as its own min-max scaled tile. */
class FeatureMapsPlotTest {

    @TempDir
    Path dir;

    static double[][] digit() {
        double[][] x = new double[28][28];
        for (int r = 4; r < 24; r++) {
            x[r][13] = 1;
            x[r][14] = 0.5;
        }
        return x;
    }

    /** Six 24x24 maps: map c is bright only at row c, column c; map 5 is all zero. */
    static double[][][] maps() {
        double[][][] m = new double[6][24][24];
        for (int c = 0; c < 5; c++) {
            m[c][c][c] = 3.0 + c;
        }
        return m;
    }

    @Test
    void theInputAndEveryMapAreDrawn() throws IOException {
        Path png = dir.resolve("maps.png");
        Plots.featureMaps(digit(), maps(), "conv1 maps", png);

        BufferedImage img = Pngs.read(png);
        Pngs.assertSize(img, 400, 1200, 200, 700);
        TileGrids.Layout layout = TileGrids.featureMapsLayout(digit(), maps(), "conv1 maps");
        assertEquals(img.getWidth(), layout.width());
        assertEquals(img.getHeight(), layout.height());
        assertTrue(28 * layout.inputScale() >= 112, "the digit is drawn large");
        assertTrue(layout.grid().tileW() >= 72, "a 24x24 map is drawn at least 72 px wide");

        // Input: black background, white stroke at column 13, half grey at column 14.
        int is = layout.inputScale();
        assertColour(grey(0), img, layout.inputX(), layout.inputY());
        assertColour(grey(255), img, layout.inputX() + 13 * is, layout.inputY() + 10 * is);
        assertColour(grey(128), img, layout.inputX() + 14 * is, layout.inputY() + 10 * is);
        // Map c: white at (c, c), black elsewhere; map 5 (constant) mid-grey.
        int s = layout.grid().scale();
        for (int c = 0; c < 5; c++) {
            assertColour(grey(255), img, layout.tileX(c) + c * s, layout.tileY(c) + c * s);
            assertColour(grey(0), img, layout.tileX(c) + 23 * s, layout.tileY(c) + 23 * s);
        }
        assertColour(grey(Tiles.CONSTANT_GREY), img, layout.tileX(5) + 10 * s, layout.tileY(5) + 10 * s);
    }

    @Test
    void nanCellsAreRedAndTheRestIsStillScaled() throws IOException {
        double[][][] m = maps();
        m[0][23][23] = Double.NaN;
        double[][] x = digit();
        x[0][0] = Double.NaN;
        Path png = dir.resolve("nan.png");
        Plots.featureMaps(x, m, "with NaN", png);

        BufferedImage img = Pngs.read(png);
        TileGrids.Layout layout = TileGrids.featureMapsLayout(x, m, "with NaN");
        int s = layout.grid().scale();
        assertColour(Tiles.NON_FINITE, img, layout.inputX(), layout.inputY());
        assertColour(Tiles.NON_FINITE, img, layout.tileX(0) + 23 * s, layout.tileY(0) + 23 * s);
        assertColour(grey(255), img, layout.tileX(0), layout.tileY(0));
    }

    @Test
    void oneMapAndOneConstantInputWork() throws IOException {
        Path png = dir.resolve("one.png");
        Plots.featureMaps(new double[28][28], new double[][][] {{{1, 2}, {3, 4}}}, "", png);
        Pngs.assertSize(Pngs.read(png), 300, 800, 150, 400);
    }

    @Test
    void invalidArraysThrowAndWriteNothing() throws IOException {
        double[][][] raggedMaps = maps();
        raggedMaps[3] = new double[24][23];
        double[][] raggedInput = digit();
        raggedInput[5] = new double[27];
        List<Runnable> calls = List.of(
                () -> call(null, maps()),
                () -> call(new double[0][0], maps()),
                () -> call(raggedInput, maps()),
                () -> call(digit(), null),
                () -> call(digit(), new double[0][][]),
                () -> call(digit(), new double[][][] {new double[0][]}),
                () -> call(digit(), raggedMaps));
        for (Runnable call : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(List.of(), Pngs.files(dir));
    }

    private void call(double[][] input, double[][][] maps) {
        try {
            Plots.featureMaps(input, maps, "bad", dir.resolve("bad.png"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
