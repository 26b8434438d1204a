package cnnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** {@link Plots#trainingCurves}: loss and validation accuracy side by side; missing values skipped. */
class TrainingCurvesPlotTest {

    @TempDir
    Path dir;

    static List<EpochPoint> tenEpochs() {
        List<EpochPoint> points = new ArrayList<>();
        for (int e = 1; e <= 10; e++) {
            points.add(new EpochPoint(e, 2.0 / e, 2.2 / e, 0.9 + e / 200.0));
        }
        return points;
    }

    /** Orange (validation) pixels in the left or right half of the image. */
    static int orange(BufferedImage img, boolean right) {
        int half = img.getWidth() / 2;
        return Pngs.count(img, right ? half : 0, Canvas.TITLE_BAR, right ? img.getWidth() : half, img.getHeight(),
                TrainingCurves.VALIDATION, 8);
    }

    static int blue(BufferedImage img) {
        return Pngs.count(img, 0, Canvas.TITLE_BAR, img.getWidth() / 2, img.getHeight(), TrainingCurves.TRAIN, 8);
    }

    @Test
    void tenEpochsMakeTwoChartsSideBySide() throws IOException {
        Path png = dir.resolve("curves.png");
        Plots.trainingCurves(tenEpochs(), "LeNet", png);

        BufferedImage img = Pngs.read(png);
        Pngs.assertSize(img, 1100, 1300, 400, 550);
        assertTrue(blue(img) > 100, "the training loss is drawn on the left");
        assertTrue(orange(img, false) > 100, "the validation loss is drawn on the left");
        assertTrue(orange(img, true) > 100, "the validation accuracy is drawn on the right");
        assertEquals(0, Pngs.count(img, img.getWidth() / 2, 0, img.getWidth(), img.getHeight(), TrainingCurves.TRAIN, 8),
                "no training series on the accuracy chart");

        List<XYChart> charts = TrainingCurves.charts(tenEpochs());
        XYSeries accuracy = charts.get(1).getSeriesMap().get("validation");
        assertEquals(10, accuracy.getXData().length);
        assertEquals(100 * (0.9 + 1 / 200.0), accuracy.getYData()[0], 1e-9, "accuracy is plotted in percent");
    }

    @Test
    void nanValidationValuesAreSkippedPointByPoint() throws IOException {
        List<EpochPoint> points = new ArrayList<>(tenEpochs());
        points.set(3, EpochPoint.withoutValidation(4, 0.5));
        points.set(6, new EpochPoint(7, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN));
        Path png = dir.resolve("nan.png");
        Plots.trainingCurves(points, "with gaps", png);
        Pngs.read(png);

        List<XYChart> charts = TrainingCurves.charts(points);
        XYSeries train = charts.get(0).getSeriesMap().get("training");
        XYSeries validationLoss = charts.get(0).getSeriesMap().get("validation");
        XYSeries accuracy = charts.get(1).getSeriesMap().get("validation");
        assertEquals(9, train.getXData().length, "NaN training loss skipped");
        assertEquals(8, validationLoss.getXData().length, "NaN and infinite validation loss skipped");
        assertEquals(8, accuracy.getXData().length, "NaN accuracies skipped");
        assertFalse(Arrays.stream(accuracy.getXData()).anyMatch(x -> x == 4 || x == 7), "epochs 4 and 7 have no accuracy point");
        assertTrue(Arrays.stream(accuracy.getYData()).allMatch(Double::isFinite));
    }

    @Test
    void withoutAnyValidationTheAccuracyChartSaysSo() throws IOException {
        List<EpochPoint> points = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            points.add(EpochPoint.withoutValidation(e, 1.0 / (e + 1)));
        }
        Path png = dir.resolve("train-only.png");
        Plots.trainingCurves(points, "no validation", png);

        BufferedImage img = Pngs.read(png);
        assertTrue(blue(img) > 100);
        assertEquals(0, orange(img, false), "no validation loss series");
        assertEquals(0, orange(img, true), "no validation accuracy series");
        List<XYChart> charts = TrainingCurves.charts(points);
        assertNull(charts.get(0).getSeriesMap().get("validation"));
        assertTrue(charts.get(1).getSeriesMap().isEmpty());
    }

    @Test
    void oneEpochAndAllNaNDoNotCrash() throws IOException {
        Plots.trainingCurves(List.of(new EpochPoint(1, 0.7, 0.8, 0.75)), "one", dir.resolve("one.png"));
        Pngs.read(dir.resolve("one.png"));
        Plots.trainingCurves(List.of(new EpochPoint(0, Double.NaN, Double.NaN, Double.NaN),
                new EpochPoint(1, Double.NaN, Double.NaN, Double.NaN)), "diverged", dir.resolve("nan.png"));
        Pngs.read(dir.resolve("nan.png"));
    }

    @Test
    void invalidPointsThrowAndWriteNothing() throws IOException {
        List<EpochPoint> outOfOrder = List.of(new EpochPoint(2, 1, 1, 0.5), new EpochPoint(1, 1, 1, 0.5));
        List<EpochPoint> repeated = List.of(new EpochPoint(1, 1, 1, 0.5), new EpochPoint(1, 1, 1, 0.5));
        List<List<EpochPoint>> bad = Arrays.asList(null, List.of(), outOfOrder, repeated,
                Arrays.asList(new EpochPoint(1, 1, 1, 0.5), null));
        for (List<EpochPoint> points : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Plots.trainingCurves(points, "bad", dir.resolve("bad.png")));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(List.of(), Pngs.files(dir));
    }

    @Test
    void epochPointsRejectPercentagesAndNegativeEpochs() {
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(1, 0.1, 0.1, 97.5));
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(1, 0.1, 0.1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(1, 0.1, 0.1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new EpochPoint(-1, 0.1, 0.1, 0.5));
        assertTrue(new EpochPoint(0, Double.NaN, Double.NaN, Double.NaN).trainLoss() != 0);
        assertFalse(EpochPoint.withoutValidation(3, 0.2).hasValidationAccuracy());
        assertTrue(new EpochPoint(3, 0.2, 0.3, 1.0).hasValidationAccuracy());
    }
}
