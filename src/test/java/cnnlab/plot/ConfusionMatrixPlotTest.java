package cnnlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Plots#confusionMatrix}: true classes down, predicted across, coloured by share of the row. */
class ConfusionMatrixPlotTest {

    @TempDir
    Path dir;

    static List<String> digits(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    static int[][] diagonal(int n) {
        int[][] m = new int[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 190 + i;
            m[i][(i + 1) % n] = 3;
        }
        return m;
    }

    /** A pixel near the top-left corner of a cell, clear of the count written in its middle. */
    static Color cellColour(BufferedImage img, List<String> names, int row, int col) {
        ConfusionMatrixPlot.Geometry g = ConfusionMatrixPlot.geometry(names);
        return Pngs.at(img, g.x0() + col * g.cell() + 3, g.y0() + row * g.cell() + 3);
    }

    @Test
    void aStrongDiagonalIsDarkAndEmptyCellsAreWhite() throws IOException {
        Path png = dir.resolve("cm.png");
        Plots.confusionMatrix(diagonal(10), digits(10), "validation", png);

        BufferedImage img = Pngs.read(png);
        Pngs.assertSize(img, 650, 750, 600, 700);
        for (int i = 0; i < 10; i++) {
            Color diag = cellColour(img, digits(10), i, i);
            assertTrue(diag.getRed() < 40 && diag.getBlue() > 90, "diagonal cell " + i + " is dark blue: " + diag);
            assertEquals(ConfusionMatrixPlot.blues(0), cellColour(img, digits(10), i, (i + 5) % 10), "empty cell is white");
            Color small = cellColour(img, digits(10), i, (i + 1) % 10);
            assertTrue(small.getRed() > 200, "a 1.5 % cell is pale: " + small);
        }
    }

    @Test
    void coloursFollowTheRowShareNotTheRawCount() throws IOException {
        // Class 0 has 1000 samples, class 1 only 10; both are 50 % right.
        int[][] m = {{500, 500}, {5, 5}};
        Path png = dir.resolve("share.png");
        List<String> names = List.of("common", "rare");
        Plots.confusionMatrix(m, names, "shares", png);

        BufferedImage img = Pngs.read(png);
        assertEquals(cellColour(img, names, 0, 0), cellColour(img, names, 1, 1));
        assertEquals(ConfusionMatrixPlot.blues(0.5), cellColour(img, names, 1, 0));
    }

    @Test
    void allZerosAndASingleClassDoNotCrash() throws IOException {
        Path zeros = dir.resolve("zeros.png");
        Plots.confusionMatrix(new int[10][10], digits(10), "nothing yet", zeros);
        BufferedImage img = Pngs.read(zeros);
        assertEquals(ConfusionMatrixPlot.blues(0), cellColour(img, digits(10), 3, 3));

        Path one = dir.resolve("one.png");
        Plots.confusionMatrix(new int[][] {{7}}, List.of("only"), "one class", one);
        Pngs.read(one);
    }

    @Test
    void manyClassesAndLongNamesStillFit() throws IOException {
        Path png = dir.resolve("many.png");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("a rather long class name " + i);
        }
        Plots.confusionMatrix(diagonal(40), names, "40 classes", png);
        Pngs.assertSize(Pngs.read(png), 650, 750, 400, 700);
    }

    @Test
    void invalidInputThrowsAndKeepsTheOldFile() throws IOException {
        Path png = dir.resolve("cm.png");
        Plots.confusionMatrix(diagonal(3), digits(3), "good", png);
        byte[] before = Files.readAllBytes(png);

        int[][] negative = diagonal(3);
        negative[1][2] = -1;
        List<Runnable> calls = List.of(
                () -> call(null, digits(3), png),
                () -> call(new int[0][0], List.of(), png),
                () -> call(new int[][] {{1, 2, 3}, {4, 5, 6}}, digits(2), png),
                () -> call(new int[][] {{1, 2}, {3}}, digits(2), png),
                () -> call(diagonal(3), digits(4), png),
                () -> call(diagonal(3), null, png),
                () -> call(diagonal(3), java.util.Arrays.asList("0", null, "2"), png),
                () -> call(negative, digits(3), png));
        for (Runnable call : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(png), "a failed call leaves the previous plot as it was");
        assertEquals(List.of("cm.png"), Pngs.files(dir));
    }

    private static void call(int[][] counts, List<String> names, Path png) {
        try {
            Plots.confusionMatrix(counts, names, "bad", png);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
