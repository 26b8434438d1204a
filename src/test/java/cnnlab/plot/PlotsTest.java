package cnnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What all plots share: headless rendering, atomic files, folders made on demand, no DL4J. */
class PlotsTest {

    @TempDir
    Path dir;

    @Test
    void plottingRunsHeadless() throws IOException {
        assumeTrue(!"false".equals(System.getProperty("java.awt.headless")), "headless explicitly turned off");
        Plots.kernels(KernelsPlotTest.random(2, 1, 3, 0), "k", dir.resolve("k.png"));
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void missingFoldersAreCreatedAndNoTemporaryIsLeft() throws IOException {
        Path png = dir.resolve("runs/lenet/plots/kernels.png");
        Plots.kernels(KernelsPlotTest.random(6, 1, 5, 0), "conv1", png);
        Pngs.read(png);
        assertEquals(List.of("kernels.png"), Pngs.files(png.getParent()));
    }

    @Test
    void aFailedWriteLeavesNoFile() throws IOException {
        // The "folder" is a regular file, so the PNG cannot be created.
        Path notAFolder = dir.resolve("plots");
        Files.writeString(notAFolder, "x");
        cnnlab.io.CannotWriteException e = assertThrows(cnnlab.io.CannotWriteException.class,
                () -> Plots.confusionMatrix(new int[][] {{1, 0}, {0, 1}}, List.of("a", "b"), "t", notAFolder.resolve("cm.png")));
        assertTrue(e.getMessage().startsWith(notAFolder + ": cannot create the folder"), e.getMessage());
        assertEquals(List.of("plots"), Pngs.files(dir));
    }

    @Test
    void overwritingReplacesTheFileWhole() throws IOException {
        Path png = dir.resolve("k.png");
        Plots.kernels(KernelsPlotTest.random(2, 1, 5, 0), "two", png);
        long small = Files.size(png);
        Plots.kernels(KernelsPlotTest.random(50, 1, 5, 0), "fifty", png);
        assertTrue(Files.size(png) > small);
        Pngs.read(png);
        assertEquals(List.of("k.png"), Pngs.files(dir));
    }

    @Test
    void titlesAreOneLineAndMayBeEmpty() throws IOException {
        Plots.kernels(KernelsPlotTest.random(2, 1, 5, 0), "", dir.resolve("a.png"));
        Plots.kernels(KernelsPlotTest.random(2, 1, 5, 0), "first line\nsecond line", dir.resolve("b.png"));
        Plots.kernels(KernelsPlotTest.random(2, 1, 5, 0), "x".repeat(2000), dir.resolve("c.png"));
        Pngs.assertSize(Pngs.read(dir.resolve("c.png")), 300, 1900, 100, 400);
        assertEquals("first line second line", Canvas.oneLine("first line\r\nsecond line"));
    }
}
