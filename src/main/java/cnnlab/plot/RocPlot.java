package cnnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A ROC curve: the true-positive rate (sensitivity) against the false-positive rate
 * (1 - specificity), an XChart line chart on a square plot, with the diagonal of a classifier that
 * guesses, and the operating point of the decision threshold marked.
 */
final class RocPlot {

    static final int WIDTH = 640;
    static final int CHART_HEIGHT = 620;
    static final int HEIGHT = Canvas.TITLE_BAR + CHART_HEIGHT;
    static final Color CURVE = new Color(0x1F, 0x77, 0xB4);
    static final Color CHANCE = new Color(0x99, 0x99, 0x99);
    static final Color POINT = new Color(0xD6, 0x27, 0x28);

    private RocPlot() {
    }

    /** The chart: curve, chance diagonal and (if given) the operating point. */
    static XYChart chart(double[] fpr, double[] tpr, double auc, double[] operatingPoint, String pointName) {
        check(fpr, tpr, operatingPoint);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(CHART_HEIGHT)
                .title("").xAxisTitle("false-positive rate (1 - specificity)").yAxisTitle("true-positive rate (sensitivity)")
                .build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Canvas.BACKGROUND);
        s.setPlotBackgroundColor(Canvas.BACKGROUND);
        s.setPlotBorderColor(new Color(0x90, 0x90, 0x90));
        s.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
        s.setChartTitleVisible(false);
        s.setAxisTitleFont(Canvas.font(Font.PLAIN, 13f));
        s.setAxisTickLabelsFont(Canvas.font(Font.PLAIN, 11f));
        s.setLegendFont(Canvas.font(Font.PLAIN, 12f));
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        s.setLegendBorderColor(new Color(0xC8, 0xC8, 0xC8));
        s.setChartPadding(12);
        s.setMarkerSize(9);
        s.setXAxisMin(0.0);
        s.setXAxisMax(1.0);
        s.setYAxisMin(0.0);
        s.setYAxisMax(1.0);
        s.setXAxisDecimalPattern("0.0");
        s.setYAxisDecimalPattern("0.0");

        XYSeries chance = chart.addSeries("chance (AUC 0.5)", new double[] {0, 1}, new double[] {0, 1});
        chance.setLineColor(CHANCE);
        chance.setMarker(SeriesMarkers.NONE);
        chance.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));

        String name = Double.isNaN(auc) ? "ROC" : String.format(Locale.ROOT, "ROC (AUC %.3f)", auc);
        XYSeries curve = chart.addSeries(name, fpr, tpr);
        curve.setLineColor(CURVE);
        curve.setMarker(SeriesMarkers.NONE);
        curve.setLineStyle(new BasicStroke(2.2f));

        if (operatingPoint != null) {
            XYSeries point = chart.addSeries(pointName, new double[] {operatingPoint[0]}, new double[] {operatingPoint[1]});
            point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            point.setMarker(SeriesMarkers.CIRCLE);
            point.setMarkerColor(POINT);
        }
        return chart;
    }

    static BufferedImage render(double[] fpr, double[] tpr, double auc, double[] operatingPoint, String title) {
        String pointName = operatingPoint == null ? "" : String.format(Locale.ROOT,
                "threshold 0.5: sensitivity %.3f, specificity %.3f", operatingPoint[1], 1 - operatingPoint[0]);
        XYChart chart = chart(fpr, tpr, auc, operatingPoint, pointName);
        String note = (fpr.length - 1) + " thresholds" + (Double.isNaN(auc) ? "" : String.format(Locale.ROOT,
                ", area under the curve %.4f", auc));
        return Canvas.titled(BitmapEncoder.getBufferedImage(chart), WIDTH, HEIGHT, title, note);
    }

    private static void check(double[] fpr, double[] tpr, double[] operatingPoint) {
        if (fpr == null || tpr == null || fpr.length < 2) {
            throw new IllegalArgumentException("a ROC curve needs at least 2 points");
        }
        if (fpr.length != tpr.length) {
            throw new IllegalArgumentException(fpr.length + " false-positive rates but " + tpr.length + " true-positive rates");
        }
        for (int i = 0; i < fpr.length; i++) {
            if (!(fpr[i] >= 0 && fpr[i] <= 1 && tpr[i] >= 0 && tpr[i] <= 1)) {
                throw new IllegalArgumentException("point " + i + " (" + fpr[i] + ", " + tpr[i] + ") is outside [0, 1]");
            }
            if (i > 0 && (fpr[i] < fpr[i - 1] || tpr[i] < tpr[i - 1])) {
                throw new IllegalArgumentException("the rates must not decrease; point " + i + " goes back");
            }
        }
        if (operatingPoint != null && (operatingPoint.length != 2 || !(operatingPoint[0] >= 0 && operatingPoint[0] <= 1
                && operatingPoint[1] >= 0 && operatingPoint[1] <= 1))) {
            throw new IllegalArgumentException("the operating point must be {fpr, tpr} in [0, 1]");
        }
    }
}
