package cnnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** {@link Plots#roc}: the curve, the chance diagonal, the operating point; bad curves are refused before any file is written. */
class RocPlotTest {

    @TempDir
    Path dir;

    private static final double[] FPR = {0, 0, 0.5, 0.5, 0.5, 1};
    private static final double[] TPR = {0, 0.25, 0.5, 0.75, 1, 1};

    @Test
    void aCurveWithItsOperatingPoint() throws IOException {
        Path png = dir.resolve("roc.png");
        Plots.roc(FPR, TPR, 0.6875, new double[] {0.5, 0.5}, "ROC: pneumonia vs normal", png);
        BufferedImage img = Pngs.read(png);
        Pngs.assertSize(img, RocPlot.WIDTH, RocPlot.WIDTH, RocPlot.HEIGHT, RocPlot.HEIGHT);
        assertTrue(Pngs.count(img, 0, Canvas.TITLE_BAR, img.getWidth(), img.getHeight(), RocPlot.CURVE, 10) > 200, "the curve is drawn");
        assertTrue(Pngs.count(img, 0, Canvas.TITLE_BAR, img.getWidth(), img.getHeight(), RocPlot.POINT, 10) > 20, "the red dot");
        XYChart chart = RocPlot.chart(FPR, TPR, 0.6875, new double[] {0.5, 0.5}, "point");
        assertEquals(List.of("chance (AUC 0.5)", "ROC (AUC 0.688)", "point"), List.copyOf(chart.getSeriesMap().keySet()));
        Plots.roc(FPR, TPR, Double.NaN, null, "", dir.resolve("plain.png"));
        assertEquals(List.of("plain.png", "roc.png"), Pngs.files(dir));
    }

    @Test
    void badCurvesAreRefused() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(new double[] {0}, new double[] {0}, 0.5, null, "", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(new double[] {0, 1}, new double[] {0, 1, 1}, 0.5, null, "", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(new double[] {0, 1.5}, new double[] {0, 1}, 0.5, null, "", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(new double[] {0, 0.6, 0.4}, new double[] {0, 1, 1}, 0.5, null, "", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(FPR, TPR, 0.5, new double[] {2, 0}, "", png));
        assertThrows(IllegalArgumentException.class, () -> Plots.roc(FPR, TPR, 0.5, null, "", dir.resolve("roc.jpg")));
        assertTrue(Pngs.colours(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB)) == 1);
        assertEquals(0, dir.toFile().list().length, "nothing written");
    }
}
