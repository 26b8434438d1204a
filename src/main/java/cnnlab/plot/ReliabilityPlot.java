package cnnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A reliability diagram (640 x 678 px): for each confidence bin that holds predictions, the share of
 * them that were right against their mean confidence, on a square plot from 0 to 1 with the
 * diagonal of perfect calibration; a second curve after temperature scaling when given. The legend
 * gives each curve's ECE.
 */
public final class ReliabilityPlot {

    static final int WIDTH = 640;
    static final int HEIGHT = 620 + Canvas.TITLE_BAR;
    private static final Color BEFORE = new Color(0x1F, 0x77, 0xB4);
    private static final Color AFTER = new Color(0xD6, 0x27, 0x28);

    /**
     * One curve.
     *
     * @param name legend text before the ECE, e.g. "network"
     * @param confidence each bin's mean confidence (NaN for an empty bin, which is skipped)
     * @param accuracy each bin's accuracy (NaN for an empty bin)
     * @param ece the expected calibration error
     */
    public record Curve(String name, double[] confidence, double[] accuracy, double ece) {
    }

    private ReliabilityPlot() {
    }

    /** Writes the diagram of {@code before} (and {@code after}, if not null) to {@code png}. */
    public static void draw(Curve before, Curve after, int bins, int predictions, String title, Path png) throws IOException {
        String t = Check.title(title);
        Check.png(png);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT - Canvas.TITLE_BAR).xAxisTitle("confidence")
                .yAxisTitle("share right").build();
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setLineColor(Color.GRAY);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        add(chart, before, BEFORE);
        if (after != null) {
            add(chart, after, AFTER);
        }
        String note = String.format(Locale.ROOT, "%d predictions in %d equal-width bins; empty bins left out", predictions, bins);
        Canvas.writePng(Canvas.titled(BitmapEncoder.getBufferedImage(chart), WIDTH, HEIGHT, t, note), png);
    }

    private static void add(XYChart chart, Curve c, Color colour) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int m = 0; m < c.confidence().length; m++) {
            if (!Double.isNaN(c.confidence()[m]) && !Double.isNaN(c.accuracy()[m])) {
                x.add(c.confidence()[m]);
                y.add(c.accuracy()[m]);
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(String.format(Locale.ROOT, "%s (ECE %.4f)", c.name(), c.ece()), x, y);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(new BasicStroke(2f));
    }
}
